using Microsoft.Extensions.Logging;
using Npgsql;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// LISTENs on the engine's channel and turns notifications from other processes into in-process wake-ups. Any failure
/// reconnects with backoff: a listener that stopped would leave cross-process work to polling alone.
/// </summary>
internal sealed class NotificationListener(Func<CancellationToken, ValueTask<NpgsqlConnection>> open, string channel, Signals signals, ILogger logger, LoopHealth? health = null)
{
    public NotificationListener(NpgsqlDataSource dataSource, string channel, Signals signals, ILogger logger, LoopHealth? health = null)
        : this(dataSource.OpenConnectionAsync, channel, signals, logger, health)
    {
    }

    /// <summary>Gets how many times the listener (re)connected and issued LISTEN.</summary>
    public int Connects => Volatile.Read(ref this.connects);

    private int connects;

    public async Task RunAsync(CancellationToken stopping)
    {
        TimeSpan backoff = TimeSpan.FromMilliseconds(100);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using NpgsqlConnection connection = await open(stopping).ConfigureAwait(false);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload.Contains('a', StringComparison.Ordinal))
                    {
                        signals.Activities.Set();
                    }

                    signals.Orchestrations.Set();
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
                }

                Interlocked.Increment(ref this.connects);
                health?.Polled();
                backoff = TimeSpan.FromMilliseconds(100);

                // Work may have been notified while this listener was down: look once.
                signals.Orchestrations.Set();
                signals.Activities.Set();
                while (!stopping.IsCancellationRequested)
                {
                    await connection.WaitAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.LoopFailed(logger, e, "notification listener");
                health?.Failed(e);
                await LoopDelay.Delay(backoff, stopping).ConfigureAwait(false);
                backoff = LoopDelay.NextBackoff(backoff);
            }
        }
    }
}
