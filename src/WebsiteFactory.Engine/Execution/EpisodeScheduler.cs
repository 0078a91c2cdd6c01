namespace WebsiteFactory.Engine.Execution;

/// <summary>
/// The single-threaded synchronization context orchestrator code runs on. Continuations posted from the episode's own
/// thread while it pumps are queued and run in order; anything posted from elsewhere (a <c>Task.Run</c>,
/// <c>Task.Delay</c> or I/O continuation) is a determinism violation: it is dropped and flagged, and the episode fails the
/// orchestration with a clear error instead of running code at an unpredictable time.
/// </summary>
internal sealed class EpisodeScheduler : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> queue = new();
    private int ownerThread = -1;

    /// <summary>Gets a description of the first violation, if any.</summary>
    public string? Violation { get; private set; }

    /// <summary>Gets a value indicating whether the caller is the pumping thread.</summary>
    public bool IsOwnerThread => Environment.CurrentManagedThreadId == Volatile.Read(ref this.ownerThread);

    /// <summary>Runs <paramref name="action"/> and then every continuation it queued, on the calling thread.</summary>
    public void Run(Action action)
    {
        SynchronizationContext? previous = Current;
        int previousOwner = this.ownerThread;
        Volatile.Write(ref this.ownerThread, Environment.CurrentManagedThreadId);
        SetSynchronizationContext(this);
        try
        {
            action();
            while (true)
            {
                (SendOrPostCallback Callback, object? State) next;
                lock (this.queue)
                {
                    if (!this.queue.TryDequeue(out next))
                    {
                        break;
                    }
                }

                next.Callback(next.State);
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
            Volatile.Write(ref this.ownerThread, previousOwner);
        }
    }

    /// <inheritdoc/>
    public override void Post(SendOrPostCallback d, object? state)
    {
        if (!this.IsOwnerThread)
        {
            this.Violation ??= "orchestrator code resumed on another thread: it awaited something that is not a durable task "
                + "(Task.Delay, Task.Run, Task.Yield off the scheduler, I/O) or used ConfigureAwait(false). Use the context's timers, "
                + "activities and events only.";
            return;
        }

        lock (this.queue)
        {
            this.queue.Enqueue((d, state));
        }
    }

    /// <inheritdoc/>
    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous Send is not supported in orchestrations.");

    /// <inheritdoc/>
    public override SynchronizationContext CreateCopy() => this;
}
