using System.Reflection;

namespace WebsiteFactory.Api.Routing;

/// <summary>
/// The route table of the <c>/api</c> surface: every static method of this assembly marked <see cref="ApiRouteAttribute"/>,
/// ordered by template and method. Both hosts read it: the local server maps each row, the Functions app has one
/// generated HTTP function per row (same method and template) that runs the row's handler.
/// </summary>
public static class ApiRoutes
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    /// <summary>Gets every route.</summary>
    /// <exception cref="InvalidOperationException">A declaration is malformed (template outside <c>/api/</c>, unknown method, a method and template declared twice, an instance handler).</exception>
    public static IReadOnlyList<ApiRoute> All { get; } = Discover();

    /// <summary>Finds the route of a method and template.</summary>
    /// <param name="method">The HTTP method (any case).</param>
    /// <param name="template">The template, exactly as declared.</param>
    /// <returns>The route, or null.</returns>
    public static ApiRoute? Find(string method, string template) =>
        All.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && string.Equals(r.Template, template, StringComparison.Ordinal));

    private static List<ApiRoute> Discover()
    {
        var routes = new List<ApiRoute>();
        foreach (var type in typeof(ApiRoutes).Assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.GetCustomAttribute<ApiRouteAttribute>() is not { } route)
                {
                    continue;
                }

                var verb = route.Method.ToUpperInvariant();
                if (!method.IsStatic || !method.IsPublic || !Methods.Contains(verb, StringComparer.Ordinal) || !route.Template.StartsWith(ApiRoute.Prefix, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"{type.Name}.{method.Name}: an [ApiRoute] handler must be public static, use one of {string.Join('/', Methods)} and a template under {ApiRoute.Prefix} (got {route.Method} {route.Template}).");
                }

                routes.Add(new ApiRoute(verb, route.Template, route.Scope, route.RateLimit, method));
            }
        }

        var twice = routes.GroupBy(r => r.ToString(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
        {
            throw new InvalidOperationException("Routes declared more than once: " + string.Join(", ", twice));
        }

        return [.. routes.OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }
}
