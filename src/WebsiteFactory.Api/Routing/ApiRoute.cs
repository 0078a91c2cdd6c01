using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Api.Routing;

/// <summary>One row of the route table: method, template, scope, rate-limit class and the handler that answers it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Template">The route template (starts with <c>/api/</c>).</param>
/// <param name="Scope">The least scope a caller needs.</param>
/// <param name="RateLimit">The rate-limit class.</param>
/// <param name="Handler">The static handler method.</param>
public sealed record ApiRoute(string Method, string Template, ApiScope Scope, ApiRateLimit RateLimit, MethodInfo Handler)
{
    /// <summary>The prefix every template starts with (the Functions host's default <c>routePrefix</c>).</summary>
    public const string Prefix = "/api/";

    /// <summary>Gets the authorization policy of <see cref="Scope"/> (<c>read</c>, <c>operate</c>, <c>admin</c>).</summary>
    public string Policy => AuthPolicies.Name(this.Scope);

    /// <summary>Gets the OpenAPI tag: the handler class's name without its <c>Api</c> suffix.</summary>
    public string Tag => this.Handler.DeclaringType!.Name is var name && name.EndsWith("Api", StringComparison.Ordinal) ? name[..^3] : name;

    /// <summary>Gets the names of the template's route parameters.</summary>
    public IReadOnlyList<string> RouteParameters => [.. RoutePatternFactory.Parse(this.Template).Parameters.Select(p => p.Name)];

    /// <summary>Creates a delegate over <see cref="Handler"/> (for <c>MapMethods</c>, which reads the parameters from it).</summary>
    /// <returns>A delegate of a <c>Func&lt;…&gt;</c> type matching the handler's signature.</returns>
    public Delegate CreateDelegate()
    {
        var types = this.Handler.GetParameters().Select(p => p.ParameterType).Append(this.Handler.ReturnType).ToArray();
        return this.Handler.CreateDelegate(Expression.GetDelegateType(types));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Method} {this.Template}";
}
