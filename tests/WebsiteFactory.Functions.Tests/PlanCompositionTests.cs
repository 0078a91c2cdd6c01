using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Workflows.Plan;

namespace WebsiteFactory.Functions.Tests;

/// <summary>The planner behind <c>POST /api/plan</c> resolves in the Functions worker, which has a function for the route.</summary>
public sealed class PlanCompositionTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    [Fact]
    public void Planner_FunctionsWorker_ResolvesWithTheVendorAdapters()
    {
        using var scope = hosts.Worker.Services.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<SitePlanner>());
        Assert.Contains(FunctionsMetadata.Http, f => f.Template == "/api/plan" && f.Methods.Contains("POST"));
        Assert.NotNull(ApiRoutes.Find("POST", "/api/plan"));
    }
}
