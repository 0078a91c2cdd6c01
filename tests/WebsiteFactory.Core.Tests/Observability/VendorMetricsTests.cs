using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Drift;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Core.Tests.Observability;

public sealed class VendorMetricsTests : IDisposable
{
    private static readonly VendorOperation CreateZone = VendorOperation.FromRest(HttpMethod.Post, "zones");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _clock = new();
    private readonly VendorMetrics _metrics;

    public VendorMetricsTests() => _metrics = new VendorMetrics(_services.GetRequiredService<IMeterFactory>(), _clock);

    public void Dispose()
    {
        _metrics.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task MeasureAsync_Success_ExportsCountAndLatencyWithTags()
    {
        using var count = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), VendorMetrics.MeterName, "wf.vendor.operations");
        using var latency = new MetricCollector<double>(_services.GetRequiredService<IMeterFactory>(), VendorMetrics.MeterName, "wf.vendor.operation.duration");

        var result = await _metrics.MeasureAsync("cloudflare", CreateZone, () =>
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            return Task.FromResult(42);
        });

        Assert.Equal(42, result);
        var m = Assert.Single(count.GetMeasurementSnapshot());
        Assert.Equal(1, m.Value);
        Assert.Equal("cloudflare", m.Tags["vendor"]);
        Assert.Equal("zones", m.Tags["operation"]);
        Assert.Equal("create", m.Tags["kind"]);
        Assert.Equal("success", m.Tags["outcome"]);
        Assert.Equal(0.25, Assert.Single(latency.GetMeasurementSnapshot()).Value, 3);
    }

    [Theory]
    [InlineData(ProviderErrorKind.RateLimited, "rate_limited")]
    [InlineData(ProviderErrorKind.Transient, "transient_error")]
    [InlineData(ProviderErrorKind.Permanent, "error")]
    [InlineData(ProviderErrorKind.AlreadyExists, "error")]
    public async Task MeasureAsync_ProviderError_RecordsOutcomeByKindAndRethrows(ProviderErrorKind kind, string outcome)
    {
        using var count = new MetricCollector<long>(_services.GetRequiredService<IMeterFactory>(), VendorMetrics.MeterName, "wf.vendor.operations");

        var e = await Assert.ThrowsAsync<ProviderException>(() => _metrics.MeasureAsync("cloudflare", CreateZone, () => Task.FromException<int>(new ProviderException("cloudflare", kind, "refused"))));

        Assert.Equal(kind, e.Kind);
        Assert.Equal(outcome, Assert.Single(count.GetMeasurementSnapshot()).Tags["outcome"]);
    }

    [Fact]
    public async Task Snapshot_MixedOutcomes_SuccessRateLeavesCancelledOutAndPercentilesFollowLatencies()
    {
        for (var i = 1; i <= 20; i++)
        {
            var ms = i * 10;
            await _metrics.MeasureAsync("matomo", VendorOperation.FromRpc("SitesManager.addSite"), () =>
            {
                _clock.Advance(TimeSpan.FromMilliseconds(ms));
                return Task.FromResult(true);
            });
        }

        _metrics.Record("matomo", VendorOperation.FromRpc("SitesManager.addSite"), VendorOutcome.TransientError, TimeSpan.FromSeconds(1));
        _metrics.Record("matomo", VendorOperation.FromRpc("SitesManager.addSite"), VendorOutcome.Error, TimeSpan.FromSeconds(1));
        _metrics.Record("matomo", VendorOperation.FromRpc("SitesManager.addSite"), VendorOutcome.Cancelled, TimeSpan.FromSeconds(3));
        _metrics.Record("cloudflare", CreateZone, VendorOutcome.RateLimited, TimeSpan.FromMilliseconds(5));

        var figures = _metrics.Snapshot();

        var matomo = figures[0];
        Assert.Equal(("matomo", "SitesManager.addSite", "create"), (matomo.Vendor, matomo.Operation, matomo.Kind));
        Assert.Equal(23, matomo.Count);
        Assert.Equal(20, matomo.Succeeded);
        Assert.Equal(1, matomo.Failed);
        Assert.Equal(1, matomo.TransientErrors);
        Assert.Equal(20.0 / 22, matomo.SuccessRate, 6);
        Assert.Equal(120, matomo.P50Ms, 3); // nearest rank 12 of 23: 10..200 ms, 1000, 1000, 3000
        Assert.Equal(1000, matomo.P95Ms, 3); // rank 22
        Assert.Equal(3000, matomo.MaxMs, 3);
        var cloudflare = Assert.Single(figures, f => f.Vendor == "cloudflare");
        Assert.Equal((1, 1, 0.0), (cloudflare.Count, cloudflare.RateLimited, cloudflare.SuccessRate));
    }

    [Fact]
    public void SetRateBudgets_Readings_GaugeReportsRemainingPerAccount()
    {
        using var gauge = new MetricCollector<int>(_services.GetRequiredService<IMeterFactory>(), VendorMetrics.MeterName, "wf.vendor.rate_budget.remaining");
        _metrics.SetRateBudgets(
        [
            new RateBudgetReading("cloudflare", "main", 1140, 40, TimeSpan.FromMinutes(5), _clock.GetUtcNow()),
            new RateBudgetReading("cloudflare", "spare", 1140, 1200, TimeSpan.FromMinutes(5), _clock.GetUtcNow()),
        ]);

        gauge.RecordObservableInstruments();

        var values = gauge.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["account"]!, m => m.Value);
        Assert.Equal(1100, values["main"]);
        Assert.Equal(0, values["spare"]);
    }

    [Fact]
    public void OrphanCountFrom_ReportWithOrphansGhostsAndDrift_CountsOnlyOrphansPerTypeAndFeedsTheGauge()
    {
        using var gauge = new MetricCollector<int>(_services.GetRequiredService<IMeterFactory>(), VendorMetrics.MeterName, "wf.fleet.orphans");
        static DriftFinding Finding(DriftKind kind, string vendor) => new() { Kind = kind, Vendor = vendor, Resource = "r", Detail = "d" };
        var report = new DriftReport
        {
            InstanceId = "reconcile-1",
            Findings =
            [
                Finding(DriftKind.Orphan, DriftVendors.CloudflareRecord), Finding(DriftKind.Orphan, DriftVendors.CloudflareRecord),
                Finding(DriftKind.Orphan, DriftVendors.Matomo), Finding(DriftKind.Ghost, DriftVendors.CloudPanel), Finding(DriftKind.Drift, DriftVendors.CloudflareRecord),
            ],
        };

        _metrics.SetOrphanCounts(OrphanCount.From(report));
        gauge.RecordObservableInstruments();

        var values = gauge.GetMeasurementSnapshot().ToDictionary(m => $"{m.Tags["vendor"]}/{m.Tags["resource"]}", m => m.Value);
        Assert.Equal(2, values["cloudflare/dns_record"]);
        Assert.Equal(1, values["matomo/site"]);
        Assert.Equal(0, values["cloudpanel/site"]);
        Assert.Equal(6, values.Count);
        Assert.Empty(OrphanCount.From(null));
    }
}
