using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Server.Tests.Infrastructure;

namespace WebsiteFactory.Server.Tests;

public sealed class DriftApiTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task DriftFix_WithoutAdminScope_Returns403_StartsNothing()
    {
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Operate).PostAsync("/api/drift/fix", null), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync("/api/drift/fix", null), HttpStatusCode.Forbidden);
        await HttpAssert.ProblemAsync(await factory.Client(ApiScope.Read).PostAsync("/api/drift", null), HttpStatusCode.Forbidden);
        var client = factory.Services.GetRequiredService<DurableTaskClient>();
        Assert.Null(await client.GetInstanceAsync("reconcile-fix"));
    }

    [Fact]
    public async Task DriftRun_OperateScope_Returns202_StartsReconcileWithoutFix()
    {
        var response = await factory.Client(ApiScope.Operate).PostAsync("/api/drift", null);
        var payload = await HttpAssert.JsonAsync<JsonElement>(response, HttpStatusCode.Accepted);
        Assert.Equal("reconcile", payload.GetProperty("id").GetString());
        var done = await factory.WaitAsync("reconcile");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("\"fix=False by=api:", done.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftFix_AdminScope_Returns202_StartsReconcileWithFix()
    {
        var payload = await HttpAssert.JsonAsync<JsonElement>(await factory.Client(ApiScope.Admin).PostAsync("/api/drift/fix", null), HttpStatusCode.Accepted);
        Assert.Equal("reconcile-fix", payload.GetProperty("id").GetString());
        var done = await factory.WaitAsync("reconcile-fix");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.StartsWith("\"fix=True by=api:", done.SerializedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftGet_BeforeAndAfterAReport_404ThenCountsAndFindings()
    {
        var read = factory.Client(ApiScope.Read);
        await HttpAssert.ProblemAsync(await read.GetAsync("/api/drift"), HttpStatusCode.NotFound);
        await factory.Services.GetRequiredService<IDriftReportStore>().SaveAsync(new DriftReport
        {
            InstanceId = "reconcile-test",
            StartedAt = DateTimeOffset.Parse("2026-12-05T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            FinishedAt = DateTimeOffset.Parse("2026-12-05T03:01:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Findings =
            [
                new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = "A old.example.com", Detail = "left behind", Marked = true, ZoneId = new string('a', 32), RecordId = new string('b', 32) },
                new() { Kind = DriftKind.Orphan, Vendor = DriftVendors.CloudflareRecord, Resource = "TXT example.com", Detail = "hand-made", ZoneId = new string('a', 32), RecordId = new string('c', 32) },
                new() { Kind = DriftKind.Ghost, Vendor = DriftVendors.CloudPanel, Resource = "site example.org", Detail = "gone" },
                new() { Kind = DriftKind.Drift, Vendor = DriftVendors.CloudflareRecord, Resource = "A example.com", Detail = "content 203.0.113.9, expected 192.0.2.1." },
            ],
            Errors = ["Matomo: down"],
        });

        var report = await HttpAssert.JsonAsync<JsonElement>(await read.GetAsync("/api/drift"));

        Assert.Equal("reconcile-test", report.GetProperty("instance_id").GetString());
        Assert.Equal(2, report.GetProperty("orphans").GetInt32());
        Assert.Equal(1, report.GetProperty("ghosts").GetInt32());
        Assert.Equal(1, report.GetProperty("drifted").GetInt32());
        Assert.Equal(1, report.GetProperty("fixable").GetInt32());
        Assert.Equal(4, report.GetProperty("findings").GetArrayLength());
        Assert.Equal("Matomo: down", report.GetProperty("errors")[0].GetString());
        var first = report.GetProperty("findings")[0];
        Assert.Equal("A old.example.com", first.GetProperty("resource").GetString());
        Assert.True(first.GetProperty("marked").GetBoolean());
        Assert.True(first.GetProperty("is_fixable").GetBoolean());
    }
}
