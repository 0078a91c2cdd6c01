using Microsoft.AspNetCore.Routing.Template;
using WebsiteFactory.Api.Problems;

namespace WebsiteFactory.Server.Problems;

/// <summary>
/// The last <c>/api/{**rest}</c> route: 405 with <c>Allow</c> when the path is a route of another method, else 404 — both
/// as problem+json.
/// </summary>
/// <remarks>
/// Routing only answers 405 itself when every candidate endpoint is method-bound; this catch-all matches any method, so it
/// would turn <c>PATCH /api/servers</c> into a 404. It therefore checks the route table itself. Route constraints are
/// not evaluated (<c>/api/servers/x</c> matches <c>/api/servers/{id:guid}</c>), which only matters for the choice between
/// 404 and 405 when the method is not allowed on the template either way.
/// </remarks>
internal static class ApiFallback
{
    /// <summary>Maps the catch-all after every other <c>/api</c> route.</summary>
    /// <param name="app">The application.</param>
    public static void MapApiFallback(this WebApplication app)
    {
        app.Map("/api/{**rest}", (HttpContext c, EndpointDataSource endpoints) => Handle(c, endpoints)).AllowAnonymous();
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Handle(HttpContext c, EndpointDataSource endpoints)
    {
        var allowed = AllowedMethods(endpoints, c.Request.Path);
        if (allowed.Count == 0 || allowed.Contains(c.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return ApiProblems.NotFound("No API route matches this path.");
        }

        c.Response.Headers.Allow = string.Join(", ", allowed);
        return ApiProblems.Status(
            StatusCodes.Status405MethodNotAllowed,
            "Method not allowed",
            $"{c.Request.Method} is not allowed on this path; it allows {string.Join(", ", allowed)}.");
    }

    private static List<string> AllowedMethods(EndpointDataSource endpoints, PathString path)
    {
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { HttpMethods.Count: > 0 } verbs)
            {
                continue;
            }

            var matcher = new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new RouteValueDictionary());
            if (matcher.TryMatch(path, new RouteValueDictionary()))
            {
                methods.UnionWith(verbs.HttpMethods);
            }
        }

        return [.. methods];
    }
}
