using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace WebsiteFactory.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts the timers it creates, so a test advances time only once the code under
/// test is really waiting. A log line written just before <c>Task.Delay(wait, clock)</c> is not enough: a clock advanced
/// between the code reading the time and arming its timer arms the timer relative to the advanced time, and it never fires.
/// </summary>
/// <param name="start">The initial time.</param>
public sealed class TimerAwareTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private int _created;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets how many timers were created so far (a <c>Task.Delay</c> on this clock creates one).</summary>
    public int TimersCreated
    {
        get
        {
            lock (_gate)
            {
                return _created;
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource changed;
        lock (_gate)
        {
            _created++;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return timer;
    }

    /// <summary>Waits until at least <paramref name="count"/> timers exist, failing after <see cref="TestBounds.RealWork"/> (real work).</summary>
    /// <param name="count">The number of timers created since the start.</param>
    /// <returns>A task that completes once they exist.</returns>
    public async Task WaitForTimersAsync(int count)
    {
        using var bound = new CancellationTokenSource(TestBounds.RealWork);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_created >= count)
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"expected {count} timers within {TestBounds.RealWork}, saw {TimersCreated}");
            }
        }
    }
}
