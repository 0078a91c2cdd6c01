using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Routing;

namespace WebsiteFactory.Functions.Http;

/// <summary>What every generated HTTP function (<see cref="ApiFunctions"/>) returns: the route's handler as an <see cref="IResult"/>.</summary>
public static class ApiFunctionDispatch
{
    /// <summary>
    /// Finds the route of <paramref name="method"/> and <paramref name="template"/> in the shared table and returns the
    /// result that serves it. The ASP.NET Core integration executes it on the request's <see cref="HttpContext"/>
    /// (whose <c>RequestServices</c> are the invocation's services).
    /// </summary>
    /// <param name="method">The route's HTTP method, as the generator copied it from <c>[ApiRoute]</c>.</param>
    /// <param name="template">The route's template, as declared.</param>
    /// <param name="request">The request.</param>
    /// <param name="client">The Durable Functions client bound to this invocation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidOperationException">The table has no such route (the generated code and the table disagree).</exception>
    public static IResult Run(string method, string template, HttpRequest request, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        var route = ApiRoutes.Find(method, template)
            ?? throw new InvalidOperationException($"No [ApiRoute] declares {method} {template}; rebuild the Functions app.");
        return new ApiFunctionResult(route, client);
    }
}

/// <summary>
/// The request delegates of the route table, built once per container with ASP.NET Core's
/// <see cref="RequestDelegateFactory"/> (the factory minimal APIs use on the local server), so parameters bind and
/// results serialize the same way on both hosts. Singleton.
/// </summary>
/// <param name="services">The root services (the factory asks them which parameters are services, and for JSON options).</param>
public sealed class ApiRequestDelegates(IServiceProvider services)
{
    private readonly ConcurrentDictionary<ApiRoute, (RequestDelegate Handler, TemplateMatcher Matcher)> built = new();

    /// <summary>Gets the delegate of a route and the matcher of its template.</summary>
    /// <param name="route">The route.</param>
    /// <returns>The delegate and the matcher.</returns>
    public (RequestDelegate Handler, TemplateMatcher Matcher) For(ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        return this.built.GetOrAdd(route, r =>
        {
            var result = RequestDelegateFactory.Create(
                r.CreateDelegate(),
                new RequestDelegateFactoryOptions { ServiceProvider = services, RouteParameterNames = r.RouteParameters });
            return (result.RequestDelegate, new TemplateMatcher(TemplateParser.Parse(r.Template), new RouteValueDictionary()));
        });
    }

    /// <summary>Registers the cache and the per-invocation client holder.</summary>
    /// <param name="serviceCollection">The services.</param>
    internal static void Register(IServiceCollection serviceCollection)
    {
        serviceCollection.AddSingleton<ApiRequestDelegates>();
        serviceCollection.AddScoped<FunctionDurableClient>();
        serviceCollection.AddScoped(sp => sp.GetRequiredService<FunctionDurableClient>().Required());
    }
}
