using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Data.Repositories;

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

    [Fact]
    public async Task Provision_SiteLockHeldElsewhere_Answers503WithRetryAfter()
    {
        const string domain = "fn-lock-held.com";
        var worker = hosts.BuildWorker(new Dictionary<string, string?> { ["Database:SiteOperationLockWait"] = "00:00:00.200" });
        var created = await hosts.InvokeAsync(worker, Function("POST", "/api/sites").EntryPoint, "POST", "/api/sites", hosts.Bearer(ApiScope.Operate), $$"""{"domain":"{{domain}}"}""");
        Assert.True(created.Status == 201, created.Body);
        var siteId = Guid.Parse(created.Json().GetProperty("id").GetString()!);

        // Another process holds the site's lock: its own connection, in a transaction.
        await using var connection = new NpgsqlConnection(hosts.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (space, key) = PostgresSiteOperationGate.LockKey(siteId);
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({space}, {key})", connection, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var answer = await hosts.InvokeAsync(worker, Function("POST", "/api/sites/{site}/provision").EntryPoint, "POST", $"/api/sites/{domain}/provision", hosts.Bearer(ApiScope.Operate));

        Assert.True(answer.Status == 503, answer.Body);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("1", answer.RetryAfter);
        Assert.Equal(503, answer.Json().GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(answer.Json().GetProperty("type").GetString()));
        Assert.Null(await hosts.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync($"provision-{domain}"));
    }
}
