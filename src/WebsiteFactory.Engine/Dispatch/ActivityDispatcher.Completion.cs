using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Completing results in batches (fused with the next episode where this process holds the session).</summary>
internal sealed partial class ActivityDispatcher
{
    private async Task CompleteLoopAsync(CancellationToken stopping)
    {
        var batch = new List<TaskResult>(this.options.ActivityCompletionBatchSize);
        try
        {
            while (await this.results.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                // Natural batching: whatever finished while the previous commit was in flight goes in the next one.
                while (batch.Count < this.options.ActivityCompletionBatchSize && this.results.Reader.TryRead(out TaskResult? result))
                {
                    batch.Add(result);
                }

                await this.FlushAsync(batch, stopping).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task FlushAsync(List<TaskResult> batch, CancellationToken stopping)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(50);
        bool toInbox = false;
        while (true)
        {
            try
            {
                List<TaskResult> rest = this.fused is null ? batch : await this.fused(batch, stopping).ConfigureAwait(false);
                if (rest.Count > 0)
                {
                    toInbox = true;
                    bool notify = this.ShouldNotify();
                    (long deleted, long delivered) = await this.store.CompleteTasksAsync(rest, notify, this.store.Now(), stopping).ConfigureAwait(false);
                    if (deleted < rest.Count || delivered < deleted)
                    {
                        Log.ResultsDiscarded(this.logger, rest.Count - delivered);
                    }
                }

                this.resultsHealth.Polled();
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.CompletionFailed(this.logger, e, batch.Count);
                this.resultsHealth.Failed(e);
                await LoopDelay.Delay(backoff, stopping).ConfigureAwait(false);
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }

        foreach (TaskResult result in batch)
        {
            this.Forget(result.TaskRowId);
        }

        // Wake only who has something to do: the orchestration dispatchers when results went to the inbox (a fused result
        // is committed with its episode already), the fetch loop when these slots were what held it back.
        bool fetchWasHeld = Volatile.Read(ref this.reserved) > this.capacity - Math.Max(1, this.options.ActivityConcurrency / 2);
        Interlocked.Add(ref this.reserved, -batch.Count);
        if (toInbox)
        {
            this.signals.Orchestrations.Set();
        }

        if (fetchWasHeld)
        {
            this.signals.Activities.Set();
        }
    }

    private bool ShouldNotify()
    {
        if (!this.options.UseNotifications)
        {
            return false;
        }

        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref this.lastNotify);
        return now - last >= Signals.NotifyDebounceMs && Interlocked.CompareExchange(ref this.lastNotify, now, last) == last;
    }
}
