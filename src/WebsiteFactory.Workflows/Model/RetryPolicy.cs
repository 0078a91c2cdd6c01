namespace WebsiteFactory.Workflows;

/// <summary>
/// A declarative retry policy for activities and sub-orchestrations (mirrors <c>Microsoft.DurableTask.RetryPolicy</c>).
/// Retries are durable: each backoff is a durable timer and each attempt a new task in history.
/// </summary>
/// <remarks>
/// The delay before attempt <c>n + 1</c> is <c>min(FirstRetryInterval × BackoffCoefficient^(n-1), MaxRetryInterval)</c>.
/// No further attempt is made once <see cref="MaxNumberOfAttempts"/> attempts have failed, once the next attempt would
/// start after <see cref="RetryTimeout"/> from the first one, or when <see cref="HandleFailure"/> returns
/// <see langword="false"/>.
/// </remarks>
public class RetryPolicy
{
    /// <summary>Initializes a new instance of the <see cref="RetryPolicy"/> class.</summary>
    /// <param name="maxNumberOfAttempts">Total attempts including the first; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the first retry; positive.</param>
    /// <param name="backoffCoefficient">Multiplier applied to the delay after each retry; at least 1.0.</param>
    /// <param name="maxRetryInterval">Upper bound of a single delay; default one hour.</param>
    /// <param name="retryTimeout">Overall time budget for retries; default infinite.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxNumberOfAttempts, 0);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be at least 1.0.");
        }

        if (maxRetryInterval is { } max && max != Timeout.InfiniteTimeSpan && max < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), max, "The maximum retry interval must be at least the first retry interval.");
        }

        if (retryTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan && timeout < firstRetryInterval)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), timeout, "The retry timeout must be at least the first retry interval.");
        }

        this.MaxNumberOfAttempts = maxNumberOfAttempts;
        this.FirstRetryInterval = firstRetryInterval;
        this.BackoffCoefficient = backoffCoefficient;
        this.MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        this.RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Gets the total number of attempts, including the first.</summary>
    public int MaxNumberOfAttempts { get; }

    /// <summary>Gets the delay before the first retry.</summary>
    public TimeSpan FirstRetryInterval { get; }

    /// <summary>Gets the multiplier applied to the delay after each retry.</summary>
    public double BackoffCoefficient { get; }

    /// <summary>Gets the upper bound of a single delay (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public TimeSpan MaxRetryInterval { get; }

    /// <summary>Gets the overall time budget for retries (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    public TimeSpan RetryTimeout { get; }

    /// <summary>
    /// Gets a predicate on the failure that decides whether it is retried at all (default: every failure). Use it to
    /// fail fast on permanent errors, for example <c>f =&gt; !f.IsCausedBy&lt;ArgumentException&gt;()</c>.
    /// </summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>Computes the delay before the next attempt.</summary>
    /// <param name="failedAttempt">The number of the attempt that failed, starting at 1.</param>
    /// <returns>The delay.</returns>
    public TimeSpan GetDelay(int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        double ticks = this.FirstRetryInterval.Ticks * Math.Pow(this.BackoffCoefficient, failedAttempt - 1);
        TimeSpan delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return this.MaxRetryInterval != Timeout.InfiniteTimeSpan && delay > this.MaxRetryInterval ? this.MaxRetryInterval : delay;
    }

    /// <summary>Decides whether another attempt is made after a failure.</summary>
    /// <param name="failedAttempt">The number of the attempt that failed, starting at 1.</param>
    /// <param name="failure">Its failure.</param>
    /// <param name="elapsed">Orchestration time since the first attempt was scheduled.</param>
    /// <returns><see langword="true"/> to retry after <see cref="GetDelay"/>.</returns>
    public bool ShouldRetry(int failedAttempt, TaskFailureDetails failure, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (failedAttempt >= this.MaxNumberOfAttempts)
        {
            return false;
        }

        if (this.HandleFailure is { } handle && !handle(failure))
        {
            return false;
        }

        return this.RetryTimeout == Timeout.InfiniteTimeSpan || elapsed + this.GetDelay(failedAttempt) <= this.RetryTimeout;
    }
}
