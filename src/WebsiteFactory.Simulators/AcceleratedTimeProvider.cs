using System.Diagnostics;

namespace WebsiteFactory.Simulators;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than real time, for benchmarks: simulated latencies, rate-limit
/// windows, zone activation delays and the client's durable timers all shrink by the same factor when every party
/// shares one instance.
/// </summary>
/// <remarks>Speed 1 is the real clock. Timers are real timers with due times divided by the speed.</remarks>
public sealed class AcceleratedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    /// <summary>Creates a clock starting at <paramref name="origin"/> (default: now) running <paramref name="speed"/>× real time.</summary>
    public AcceleratedTimeProvider(double speed, DateTimeOffset? origin = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(speed, 1.0);
        Speed = speed;
        _origin = origin ?? System.GetUtcNow();
        _originTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>How many simulated seconds pass per real second.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _origin + Stopwatch.GetElapsedTime(_originTimestamp) * Speed;

    /// <inheritdoc />
    public override long TimestampFrequency => Stopwatch.Frequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _originTimestamp + (long)((Stopwatch.GetTimestamp() - _originTimestamp) * Speed);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan t) => t == Timeout.InfiniteTimeSpan || t <= TimeSpan.Zero ? t : t / Speed;
}
