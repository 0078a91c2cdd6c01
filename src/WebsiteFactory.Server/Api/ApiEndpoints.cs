using WebsiteFactory.Api.Routing;
using WebsiteFactory.Server.Hosting;

namespace WebsiteFactory.Server.Api;

/// <summary>Maps the shared route table (<see cref="ApiRoutes"/>, project WebsiteFactory.Api) as minimal API endpoints.</summary>
public static class ApiEndpoints
{
    /// <summary>
    /// Maps every row of the table: its method and template, its handler, the authorization policy of its scope, its rate
    /// limit class (<see cref="ApiRateLimit.Write"/> → <see cref="RateLimits.Write"/>) and an OpenAPI tag.
    /// </summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var route in ApiRoutes.All)
        {
            var endpoint = app.MapMethods(route.Template, [route.Method], route.CreateDelegate())
                .WithName(route.Handler.DeclaringType!.Name + "." + route.Handler.Name)
                .WithTags(route.Tag)
                .RequireAuthorization(route.Policy);
            if (route.RateLimit == ApiRateLimit.Write)
            {
                endpoint.RequireRateLimiting(RateLimits.Write);
            }
        }

        return app;
    }
}
