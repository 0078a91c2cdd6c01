namespace WebsiteFactory.Engine.Dispatch;

/// <summary>An in-process wake-up: <see cref="Set"/> releases every current waiter (a broadcast auto-reset event).</summary>
/// <param name="time">The clock the timeouts run on (default: the system clock).</param>
internal sealed class WorkSignal(TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private TaskCompletionSource current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes all waiters.</summary>
    public void Set() => Interlocked.Exchange(ref this.current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>
    /// Gets the wake-up the next <see cref="Set"/> completes. A loop takes it before it looks for work and waits on it
    /// after finding none, so a <see cref="Set"/> while it looked is not lost. (A lost wake-up used to cost one short
    /// idle poll; on a fake clock, where polls wait for the clock to be advanced, it would stall the loop.)
    /// </summary>
    public Task Next => Volatile.Read(ref this.current).Task;

    /// <summary>Waits for the next <see cref="Set"/> or the timeout (on the engine's clock).</summary>
    /// <returns><see langword="true"/> when signalled.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => this.WaitAsync(this.Next, timeout, ct);

    /// <summary>Waits for <paramref name="next"/> (taken from <see cref="Next"/> earlier) or the timeout (on the engine's clock).</summary>
    /// <returns><see langword="true"/> when signalled.</returns>
    public async Task<bool> WaitAsync(Task next, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await next.WaitAsync(timeout, this.clock, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
