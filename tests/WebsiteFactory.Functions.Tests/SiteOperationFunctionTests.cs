using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Functions.Tests;

/// <summary>The one-operation-per-site rule holds in the Functions app too: its HTTP functions answer the same 409.</summary>
public sealed class SiteOperationFunctionTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    private static HttpFunction Function(string method, string template) =>
        FunctionsMetadata.Http.Single(f => f.Methods.Contains(method) && f.Template == template);

    [Fact]
    public async Task Provision_WhileARollbackIsPending_Answers409NamingIt_OnEveryWorker()
    {
        const string domain = "fn-exclusive.com";
        var created = await hosts.InvokeAsync(hosts.Worker, Function("POST", "/api/sites").EntryPoint, "POST", "/api/sites", hosts.Bearer(ApiScope.Operate), $$"""{"domain":"{{domain}}"}""");
        Assert.True(created.Status == 201, created.Body);

        // A rollback that stays Pending (scheduled for later) is a running mutating operation of the site.
        var client = hosts.Services.GetRequiredService<DurableTaskClient>();
        await client.ScheduleNewOrchestrationInstanceAsync(
            "Content_RollbackSite",
            null,
            new StartOrchestrationOptions($"rollback-{domain}", DateTimeOffset.UtcNow.AddHours(1)));

        var second = hosts.BuildWorker();
        var provision = await hosts.InvokeAsync(hosts.Worker, Function("POST", "/api/sites/{site}/provision").EntryPoint, "POST", $"/api/sites/{domain}/provision", hosts.Bearer(ApiScope.Operate));
        var retry = await hosts.InvokeAsync(second, Function("POST", "/api/sites/{site}/retry").EntryPoint, "POST", $"/api/sites/{domain}/retry", hosts.Bearer(ApiScope.Operate));

        foreach (var answer in new[] { provision, retry })
        {
            Assert.True(answer.Status == 409, answer.Body);
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.Equal($"rollback-{domain}", answer.Json().GetProperty("instanceId").GetString());
            Assert.Equal("rollback", answer.Json().GetProperty("kind").GetString());
        }

        Assert.Null(await client.GetInstanceAsync($"provision-{domain}"));
    }
}
