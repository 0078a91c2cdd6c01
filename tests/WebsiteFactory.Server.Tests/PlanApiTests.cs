using System.Net;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>
/// <c>POST /api/plan</c> on the local server (run here without vendor adapters): the request is validated before any
/// vendor is asked, unknown domains are a 404 naming each, the per-request cap is a 400 that says what to do, a read-only
/// key is refused, and a valid request on a host without adapters is a 501.
/// </summary>
public sealed class PlanApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Plan_BadBodies_400WithTheField()
    {
        var operate = factory.Client(ApiScope.Operate);
        Assert.Equal(HttpStatusCode.Created, (await operate.PostJsonAsync("/api/sites", new { domain = "plan-api.com" })).StatusCode);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { }, "domains"),
            (new { domains = new[] { "plan-api.com" }, all_pending = true }, "domains"),
            (new { domains = new[] { "plan-api.com" }, mode = "destroy" }, "mode"),
            (new { all_pending = true, mode = "teardown" }, "all_pending"),
            (new { domains = Enumerable.Range(0, PlanApi.MaxSites + 1).Select(i => $"s{i}.com").ToArray() }, "domains"),
            (new { domains = new[] { "not a domain" } }, "domains[0]"),
        })
        {
            var problem = await HttpAssert.ProblemAsync(await operate.PostJsonAsync("/api/plan", body), HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem.GetRawText()}");
        }
    }

    [Fact]
    public async Task Plan_UnknownDomains_404NamingEach()
    {
        var problem = await HttpAssert.ProblemAsync(
            await factory.Client(ApiScope.Operate).PostJsonAsync("/api/plan", new { domains = new[] { "nowhere-one.com", "nowhere-two.com" } }), HttpStatusCode.NotFound);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("'nowhere-one.com'", detail, StringComparison.Ordinal);
        Assert.Contains("'nowhere-two.com'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ValidRequest_ReadKey403_HostWithoutAdapters501()
    {
        Assert.Equal(HttpStatusCode.Created, (await factory.Client(ApiScope.Operate).PostJsonAsync("/api/sites", new { domain = "plan-501.com" })).StatusCode);

        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostJsonAsync("/api/plan", new { domains = new[] { "plan-501.com" } }), HttpStatusCode.Forbidden);
        var problem = await HttpAssert.ProblemAsync(
            await factory.Client(ApiScope.Operate).PostJsonAsync("/api/plan", new { domains = new[] { "plan-501.com" }, mode = "teardown" }), HttpStatusCode.NotImplemented);
        Assert.Contains("vendor adapters", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
