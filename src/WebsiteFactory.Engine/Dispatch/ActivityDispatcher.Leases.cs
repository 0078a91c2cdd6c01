namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Renewing the leases of in-flight tasks, on the engine's clock.</summary>
internal sealed partial class ActivityDispatcher
{
    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        // After a failure the next attempt comes on the short backoff, not a full interval: readiness (and the leases)
        // recover within about 2 s of the database's return.
        TimeSpan interval = this.options.LeaseDuration / 3;
        TimeSpan wait = interval;
        TimeSpan backoff = TimeSpan.FromMilliseconds(200);
        bool failed = false;
        while (!stopping.IsCancellationRequested)
        {
            // Renewals run on the engine's clock (leases expire on it); the retry after a failure on the real one.
            await LoopDelay.Delay(wait, failed ? TimeProvider.System : this.time, stopping).ConfigureAwait(false);
            wait = interval;
            failed = false;
            long[] ids = this.inFlight.Keys.ToArray();
            if (ids.Length == 0)
            {
                this.leasesHealth.Polled();
                continue;
            }

            try
            {
                HashSet<long> owned = await this.store.RenewTasksAsync(ids, stopping).ConfigureAwait(false);
                int lost = 0;
                foreach (long id in ids)
                {
                    if (!owned.Contains(id) && this.inFlight.TryGetValue(id, out CancellationTokenSource? cts))
                    {
                        // Completed meanwhile (row deleted) or taken over after expiry: either way stop working on it.
                        lost++;
                        await cts.CancelAsync().ConfigureAwait(false);
                    }
                }

                if (lost > 0)
                {
                    Log.LeasesLost(this.logger, lost);
                }

                this.leasesHealth.Polled();
                backoff = TimeSpan.FromMilliseconds(200);
            }
            catch (Exception e) when (e is not OutOfMemoryException && !stopping.IsCancellationRequested)
            {
                Log.RenewFailed(this.logger, e);
                this.leasesHealth.Failed(e);
                wait = backoff < interval ? backoff : interval;
                failed = true;
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }
    }
}
