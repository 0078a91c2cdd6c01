using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Api.Routing;

/// <summary>
/// Declares a static method as the handler of one <c>/api</c> route: its HTTP method, template, required scope and
/// rate-limit class. The marked methods of this assembly are the route table (<see cref="ApiRoutes"/>).
/// </summary>
/// <remarks>
/// <para>A handler is a minimal-API style static method: its parameters are bound by ASP.NET Core's
/// <c>RequestDelegateFactory</c> (route values by name, services, <c>HttpContext</c>, <c>HttpRequest</c>,
/// <c>CancellationToken</c>, <c>ClaimsPrincipal</c>, simple types from the query) and it returns an <c>IResult</c>.
/// The local server maps it with <c>MapMethods</c>; the Functions app runs it through a generated HTTP function (the
/// generator in <c>WebsiteFactory.Functions.Generators</c> reads this attribute from the compiled assembly), so both
/// hosts bind, authorize and serialize the same way.</para>
/// <para>The template is an ASP.NET Core route template starting with <c>/api/</c> (inline constraints such as
/// <c>{id:guid}</c> are allowed: the Functions host understands them too).</para>
/// </remarks>
/// <param name="method">The HTTP method (<c>GET</c>, <c>POST</c>, <c>PUT</c>, <c>DELETE</c>).</param>
/// <param name="template">The route template, e.g. <c>/api/sites/{site}</c>.</param>
/// <param name="scope">The least scope a caller needs.</param>
/// <param name="rateLimit">The rate-limit class (writes: <see cref="ApiRateLimit.Write"/>).</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ApiRouteAttribute(string method, string template, ApiScope scope, ApiRateLimit rateLimit = ApiRateLimit.None) : Attribute
{
    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; } = method;

    /// <summary>Gets the route template.</summary>
    public string Template { get; } = template;

    /// <summary>Gets the least scope a caller needs.</summary>
    public ApiScope Scope { get; } = scope;

    /// <summary>Gets the rate-limit class.</summary>
    public ApiRateLimit RateLimit { get; } = rateLimit;
}
