namespace WebsiteFactory.Core.Observability;

/// <summary>The figures of one vendor operation since the process started.</summary>
/// <param name="Vendor">The vendor.</param>
/// <param name="Operation">The operation's name.</param>
/// <param name="Kind">read, create, update or delete.</param>
/// <param name="Count">Calls, cancelled ones included.</param>
/// <param name="Succeeded">Calls that succeeded.</param>
/// <param name="Failed">Calls the vendor refused for good.</param>
/// <param name="TransientErrors">Calls that failed in a way worth retrying (5xx, timeouts).</param>
/// <param name="RateLimited">Calls answered with 429.</param>
/// <param name="SuccessRate">Succeeded over the calls that were not cancelled (1 when there were none).</param>
/// <param name="P50Ms">Median latency of the recent calls, in milliseconds.</param>
/// <param name="P95Ms">95th percentile latency of the recent calls, in milliseconds.</param>
/// <param name="MaxMs">The slowest call, in milliseconds.</param>
public sealed record VendorOperationFigures(
    string Vendor, string Operation, string Kind, long Count, long Succeeded, long Failed, long TransientErrors, long RateLimited,
    double SuccessRate, double P50Ms, double P95Ms, double MaxMs);

/// <summary>Counts per outcome and a window of recent latencies for percentiles (thread-safe).</summary>
internal sealed class OperationStats
{
    private const int Window = 512;
    private readonly Lock _lock = new();
    private readonly double[] _recentMs = new double[Window];
    private readonly long[] _outcomes = new long[Enum.GetValues<VendorOutcome>().Length];
    private long _count;
    private double _maxMs;

    public void Add(VendorOutcome outcome, TimeSpan elapsed)
    {
        lock (_lock)
        {
            _recentMs[_count % Window] = elapsed.TotalMilliseconds;
            _count++;
            _outcomes[(int)outcome]++;
            _maxMs = Math.Max(_maxMs, elapsed.TotalMilliseconds);
        }
    }

    public VendorOperationFigures Figures(string vendor, VendorOperation operation)
    {
        lock (_lock)
        {
            var recent = _recentMs.AsSpan(0, (int)Math.Min(_count, Window)).ToArray();
            Array.Sort(recent);
            var succeeded = _outcomes[(int)VendorOutcome.Success];
            var decided = _count - _outcomes[(int)VendorOutcome.Cancelled];
            return new VendorOperationFigures(
                vendor, operation.Name, operation.KindName, _count, succeeded, _outcomes[(int)VendorOutcome.Error],
                _outcomes[(int)VendorOutcome.TransientError], _outcomes[(int)VendorOutcome.RateLimited],
                decided == 0 ? 1 : (double)succeeded / decided, Percentile(recent, 0.50), Percentile(recent, 0.95), _maxMs);
        }
    }

    /// <summary>Nearest-rank percentile of sorted values (0 when empty).</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
