using Microsoft.Extensions.Logging;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Purges finished instances older than <see cref="EngineOptions.Retention"/>, in short batches.</summary>
internal sealed class RetentionService(EngineStore store, EngineOptions options, TimeProvider time, ILogger logger, LoopHealth? health = null)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        if (options.Retention is not { } retention)
        {
            return;
        }

        TimeSpan backoff = TimeSpan.FromMilliseconds(200);
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan wait = options.RetentionInterval;
            bool failed = false;
            try
            {
                int purged = await store.PurgeAllAsync(null, null, null, time.GetUtcNow() - retention, stopping).ConfigureAwait(false);
                if (purged > 0)
                {
                    Log.RetentionPurged(logger, purged);
                }

                health?.Polled();
                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                // Retried on the short backoff: a failed purge would otherwise leave readiness red for a whole interval.
                Log.LoopFailed(logger, e, "retention");
                health?.Failed(e);
                wait = backoff < wait ? backoff : wait;
                failed = true;
                backoff = LoopDelay.NextBackoff(backoff);
            }

            // The interval runs on the engine's clock (retention is judged on it); the retry after a failure on the real one.
            await LoopDelay.Delay(wait, failed ? TimeProvider.System : time, stopping).ConfigureAwait(false);
        }
    }
}
