using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Core.Observability;

/// <summary>
/// The numbers operators watch, as OpenTelemetry instruments on the meter <see cref="MeterName"/>: every vendor
/// operation's outcome and latency (<c>wf.vendor.operations</c>, <c>wf.vendor.operation.duration</c>, tagged with
/// <c>vendor</c>, <c>operation</c>, <c>kind</c> and <c>outcome</c>), each account's remaining rate budget
/// (<c>wf.vendor.rate_budget.remaining</c>) and the orphans the last reconcile found (<c>wf.fleet.orphans</c>). The same
/// figures are kept in process for the dashboard (<see cref="Snapshot"/>).
/// </summary>
/// <remarks>
/// Adapters measure the vendor exchange only (after the rate-budget wait, including in-call retries), so latency is the
/// vendor's and a budget wait is not counted as a call. One instance per container, created from its
/// <see cref="IMeterFactory"/>, so tests read their own host's figures.
/// </remarks>
public sealed class VendorMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "WebsiteFactory.Vendors";

    private readonly Meter _meter;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _duration;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<(string Vendor, string Name, VendorOperationKind Kind), OperationStats> _stats = new();
    private volatile IReadOnlyList<RateBudgetReading> _budgets = [];
    private volatile IReadOnlyList<OrphanCount> _orphans = [];

    /// <summary>Creates the instruments on a meter of <paramref name="meterFactory"/>.</summary>
    /// <param name="meterFactory">The container's meter factory.</param>
    /// <param name="clock">The clock latencies are measured with.</param>
    public VendorMetrics(IMeterFactory meterFactory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _meter = meterFactory.Create(MeterName);
        _operations = _meter.CreateCounter<long>("wf.vendor.operations", "{operation}", "Vendor operations by vendor, operation, kind and outcome");
        _duration = _meter.CreateHistogram<double>("wf.vendor.operation.duration", "s", "Latency of vendor operations", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _meter.CreateObservableGauge("wf.vendor.rate_budget.remaining", ObserveBudgets, "{request}", "Requests left in the account's rate window");
        _meter.CreateObservableGauge("wf.fleet.orphans", ObserveOrphans, "{resource}", "Resources at a vendor that the database does not know, by vendor (last reconcile)");
    }

    /// <summary>The latest rate-budget readings (set by <see cref="SetRateBudgets"/>).</summary>
    public IReadOnlyList<RateBudgetReading> RateBudgets => _budgets;

    /// <summary>The orphan counts of the last reconcile (set by <see cref="SetOrphanCounts"/>).</summary>
    public IReadOnlyList<OrphanCount> OrphanCounts => _orphans;

    /// <summary>Runs <paramref name="call"/> and records its outcome and latency.</summary>
    /// <typeparam name="T">The call's result.</typeparam>
    /// <param name="vendor">The vendor (<c>cloudflare</c>, <c>matomo</c>, …).</param>
    /// <param name="operation">The operation.</param>
    /// <param name="call">The vendor exchange.</param>
    /// <returns>The call's result.</returns>
    public async Task<T> MeasureAsync<T>(string vendor, VendorOperation operation, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = _clock.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            Record(vendor, operation, VendorOutcome.Success, _clock.GetElapsedTime(started));
            return result;
        }
        catch (Exception e)
        {
            Record(vendor, operation, OutcomeOf(e), _clock.GetElapsedTime(started));
            throw;
        }
    }

    /// <summary>Runs <paramref name="call"/> and records its outcome and latency.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="call">The vendor exchange.</param>
    /// <returns>A task that completes with the call.</returns>
    public Task MeasureAsync(string vendor, VendorOperation operation, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return MeasureAsync(vendor, operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Records one finished operation.</summary>
    /// <param name="vendor">The vendor.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="outcome">How it ended.</param>
    /// <param name="elapsed">How long the vendor took.</param>
    public void Record(string vendor, VendorOperation operation, VendorOutcome outcome, TimeSpan elapsed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(vendor);
        var tags = new TagList
        {
            { "vendor", vendor },
            { "operation", operation.Name },
            { "kind", operation.KindName },
            { "outcome", outcome.Name() },
        };
        _operations.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
        _stats.GetOrAdd((vendor, operation.Name, operation.Kind), _ => new OperationStats()).Add(outcome, elapsed);
    }

    /// <summary>Replaces the rate-budget readings the gauge reports.</summary>
    /// <param name="readings">One reading per account.</param>
    public void SetRateBudgets(IReadOnlyList<RateBudgetReading> readings) => _budgets = readings ?? [];

    /// <summary>Replaces the orphan counts the gauge reports.</summary>
    /// <param name="counts">One count per vendor and resource type.</param>
    public void SetOrphanCounts(IReadOnlyList<OrphanCount> counts) => _orphans = counts ?? [];

    /// <summary>Every operation seen since the process started, busiest first.</summary>
    /// <returns>The figures per vendor operation.</returns>
    public IReadOnlyList<VendorOperationFigures> Snapshot() =>
        [.. _stats.Select(kv => kv.Value.Figures(kv.Key.Vendor, new VendorOperation(kv.Key.Name, kv.Key.Kind)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Vendor, StringComparer.Ordinal).ThenBy(f => f.Operation, StringComparer.Ordinal)];

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static VendorOutcome OutcomeOf(Exception e) => e switch
    {
        ProviderException { Kind: ProviderErrorKind.RateLimited } => VendorOutcome.RateLimited,
        ProviderException { Kind: ProviderErrorKind.Transient } => VendorOutcome.TransientError,
        OperationCanceledException => VendorOutcome.Cancelled,
        _ => VendorOutcome.Error,
    };

    private IEnumerable<Measurement<int>> ObserveBudgets() =>
        _budgets.Select(b => new Measurement<int>(b.Remaining, new KeyValuePair<string, object?>("vendor", b.Vendor), new KeyValuePair<string, object?>("account", b.Account)));

    private IEnumerable<Measurement<int>> ObserveOrphans() =>
        _orphans.Select(o => new Measurement<int>(o.Count, new KeyValuePair<string, object?>("vendor", o.Vendor), new KeyValuePair<string, object?>("resource", o.Resource)));
}
