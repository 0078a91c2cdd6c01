namespace WebsiteFactory.Engine.Dispatch;

/// <summary>An in-process wake-up: <see cref="Set"/> releases every current waiter (a broadcast auto-reset event).</summary>
/// <param name="time">The clock the timeouts run on (default: the system clock).</param>
internal sealed class WorkSignal(TimeProvider? time = null)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private TaskCompletionSource current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Wakes all waiters.</summary>
    public void Set() => Interlocked.Exchange(ref this.current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for the next <see cref="Set"/> or the timeout (on the engine's clock).</summary>
    /// <returns><see langword="true"/> when signalled.</returns>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        Task signal = Volatile.Read(ref this.current).Task;
        try
        {
            await signal.WaitAsync(timeout, this.clock, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
