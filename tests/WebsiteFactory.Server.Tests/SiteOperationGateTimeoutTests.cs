using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Data.Repositories;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

/// <summary>A server whose site operation lock waits 200 ms (Database:SiteOperationLockWait) instead of 30 s.</summary>
public sealed class ShortLockWaitFactory : ServerFactory
{
    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:SiteOperationLockWait"] = "00:00:00.200",
    };
}

/// <summary>A site's operation lock not obtained in time is a 503 with Retry-After, not a 500.</summary>
public sealed class SiteOperationGateTimeoutTests(ShortLockWaitFactory factory) : IClassFixture<ShortLockWaitFactory>
{
    [Fact]
    public async Task Provision_SiteLockHeldByAnotherConnection_Is503WithRetryAfter_ThenStartsOnceReleased()
    {
        const string domain = "lock-held.com";
        var operate = factory.Client(ApiScope.Operate);
        var created = await HttpAssert.JsonAsync<System.Text.Json.JsonElement>(await operate.PostJsonAsync("/api/sites", new { domain }), HttpStatusCode.Created);
        var siteId = Guid.Parse(created.GetProperty("id").GetString()!);

        // Another process holds the site's lock (as a stuck start would): its own connection, in a transaction.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var (space, key) = PostgresSiteOperationGate.LockKey(siteId);
        await using (var hold = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({space}, {key})", connection, transaction))
        {
            await hold.ExecuteNonQueryAsync();
        }

        var refused = await operate.PostAsync($"/api/sites/{domain}/provision", null);
        var problem = await HttpAssert.ProblemAsync(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("Retry-After", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await factory.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>().GetInstanceAsync($"provision-{domain}"));

        // The same for the other starts, which share the one mapping.
        await HttpAssert.ProblemAsync(await operate.PostAsync($"/api/sites/{domain}/retry", null), HttpStatusCode.ServiceUnavailable);

        await transaction.CommitAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await operate.PostAsync($"/api/sites/{domain}/provision", null)).StatusCode);
        await factory.WaitAsync($"provision-{domain}");
    }
}
