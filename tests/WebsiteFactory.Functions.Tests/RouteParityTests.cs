using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Routing;

namespace WebsiteFactory.Functions.Tests;

/// <summary>
/// The local server and the Functions app expose the same <c>/api</c> routes with the same scopes: the server's routes
/// are read from its <see cref="EndpointDataSource"/>, the app's from the built <c>functions.metadata</c>, and each
/// function is called without credentials and with the key of the scope below its own to see that it enforces it.
/// </summary>
public sealed class RouteParityTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    /// <summary>
    /// The local server's sign-in routes: the dashboard's cookie and OpenID Connect flows. On Azure, App Service
    /// authentication signs users in (<c>/.auth/login/aad</c>), so these have no function (see the Functions README).
    /// </summary>
    private static readonly HashSet<string> LocalSignIn = new(StringComparer.Ordinal)
    {
        "POST /api/auth/login",
        "POST /api/auth/logout",
        "GET /api/auth/providers",
        "GET /api/auth/oidc/login",
    };

    /// <summary>
    /// A local user changing their own password (cookie sign-in only); on Azure, Entra ID owns passwords, so it has no
    /// function either.
    /// </summary>
    private const string LocalPasswordChange = "POST /api/auth/password";

    [Fact]
    public void Routes_ServerAndFunctions_ExposeTheSameRoutesWithTheSameScopes()
    {
        var server = ServerRoutes()
            .Where(r => !LocalSignIn.Contains(r.Key) && r.Key != LocalPasswordChange)
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        var functions = FunctionsMetadata.Http
            .SelectMany(f => f.Methods.Select(m => (Key: $"{m} {f.Template}", f)))
            .ToDictionary(x => x.Key, x => AuthPolicies.Name(ApiRoutes.Find(x.Key.Split(' ')[0], x.f.Template)?.Scope
                ?? throw new InvalidOperationException($"{x.Key} is not in the route table.")), StringComparer.Ordinal);

        var missingOnAzure = server.Keys.Except(functions.Keys).Order().ToList();
        var missingLocally = functions.Keys.Except(server.Keys).Order().ToList();
        Assert.True(missingOnAzure.Count == 0, "Server routes without a function: " + string.Join(", ", missingOnAzure));
        Assert.True(missingLocally.Count == 0, "Functions without a server route: " + string.Join(", ", missingLocally));
        Assert.All(server, r => Assert.True(r.Value == functions[r.Key], $"{r.Key}: scope {r.Value} on the server, {functions[r.Key]} on Azure"));
        Assert.Equal(ApiRoutes.All.Count, functions.Count);
    }

    [Fact]
    public void Routes_LocalSignInRoutes_AreAnonymousOnTheServer()
    {
        var server = ServerRoutes();
        Assert.All(LocalSignIn, r => Assert.True(server.TryGetValue(r, out var policy) && policy == "anonymous", $"{r}: {policy}"));
    }

    [Fact]
    public void Routes_LocalPasswordChange_NeedsASignedInUserOnTheServer()
    {
        Assert.True(ServerRoutes().TryGetValue(LocalPasswordChange, out var policy) && policy == AuthPolicies.Read, $"{LocalPasswordChange}: {policy}");
    }

    [Fact]
    public void Metadata_HttpFunctions_AreAnonymousWithADurableClientAndAnHttpResult()
    {
        Assert.NotEmpty(FunctionsMetadata.Http);
        Assert.All(FunctionsMetadata.Http, f =>
        {
            Assert.Equal("Anonymous", f.AuthLevel);
            Assert.Single(f.Methods);
            Assert.Equal(["httpTrigger", "durableClient", "http"], f.BindingTypes);
        });
    }

    [Fact]
    public void Metadata_FunctionNames_OrderLiteralSegmentsBeforeParameters()
    {
        // The host tries routes in function order; a route that shadows another must come after it.
        var functions = FunctionsMetadata.Http.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList();
        for (var i = 0; i < functions.Count; i++)
        {
            for (var j = i + 1; j < functions.Count; j++)
            {
                var (earlier, later) = (functions[i], functions[j]);
                if (earlier.Methods[0] == later.Methods[0] && Shadows(earlier.Route, later.Route))
                {
                    Assert.Fail($"{earlier.Name} ({earlier.Route}) is tried before {later.Name} ({later.Route}) and matches its paths.");
                }
            }
        }
    }

    [Fact]
    public async Task Functions_WithoutCredentialsOrWithTheScopeBelow_Answer401Or403()
    {
        foreach (var function in FunctionsMetadata.Http)
        {
            var route = ApiRoutes.Find(function.Methods[0], function.Template)!;
            var path = Sample(function.Template);
            var anonymous = await hosts.InvokeAsync(hosts.Worker, function.EntryPoint, function.Methods[0], path);
            Assert.True(anonymous.Status == 401, $"{function.Name} without credentials: {anonymous.Status} {anonymous.Body}");
            Assert.Equal("application/problem+json", anonymous.ContentType);
            if (route.Scope > ApiScope.Read)
            {
                var below = await hosts.InvokeAsync(hosts.Worker, function.EntryPoint, function.Methods[0], path, hosts.Bearer(route.Scope - 1));
                Assert.True(below.Status == 403, $"{function.Name} with a {route.Scope - 1} key: {below.Status} {below.Body}");
            }
        }
    }

    /// <summary>Whether every path <paramref name="earlier"/> matches could also be meant for <paramref name="later"/> with a literal where it has a parameter.</summary>
    private static bool Shadows(string earlier, string later)
    {
        var a = earlier.Split('/');
        var b = later.Split('/');
        if (a.Length != b.Length)
        {
            return false;
        }

        var shadows = false;
        for (var i = 0; i < a.Length; i++)
        {
            var aParameter = a[i].StartsWith('{');
            var bParameter = b[i].StartsWith('{');
            if (!aParameter && !bParameter && !string.Equals(a[i], b[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (aParameter && !bParameter)
            {
                shadows = true;
            }
            else if (!aParameter && bParameter)
            {
                return false;
            }
        }

        return shadows;
    }

    private static string Sample(string template) => string.Join('/', template.Split('/').Select(s =>
        !s.StartsWith('{') ? s : s.Contains(":guid", StringComparison.Ordinal) ? Guid.Empty.ToString() : "absent.com"));

    /// <summary>"METHOD /template" → policy (or "anonymous") for every <c>/api</c> endpoint of the server but its 404 catch-all.</summary>
    private Dictionary<string, string> ServerRoutes()
    {
        var routes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in hosts.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (!template.StartsWith("/api/", StringComparison.Ordinal) || template.Contains("{**", StringComparison.Ordinal))
            {
                continue;
            }

            var policy = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null
                ? "anonymous"
                : string.Join(",", endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null));
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            {
                routes.Add($"{method} {template}", policy);
            }
        }

        return routes;
    }
}
