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

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                int purged = await store.PurgeAllAsync(null, null, null, time.GetUtcNow() - retention, stopping).ConfigureAwait(false);
                if (purged > 0)
                {
                    Log.RetentionPurged(logger, purged);
                }

                health?.Polled();
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.LoopFailed(logger, e, "retention");
                health?.Failed(e);
            }

            await ActivityDispatcher.Delay(options.RetentionInterval, stopping).ConfigureAwait(false);
        }
    }
}
