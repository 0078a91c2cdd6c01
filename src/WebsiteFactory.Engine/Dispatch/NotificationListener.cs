using Microsoft.Extensions.Logging;
using Npgsql;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>
/// Listens on the engine's NOTIFY channel and turns notifications from other processes into in-process wake-ups.
/// Notifications are hints: dispatchers still poll, so a lost one only delays work by the poll interval.
/// </summary>
internal sealed class NotificationListener(NpgsqlDataSource dataSource, string channel, Signals signals, ILogger logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync(stopping).ConfigureAwait(false);
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
                // Any failure (not only a lost connection) reconnects: a listener that stops would leave other processes'
                // work to polling alone.
                Log.LoopFailed(logger, e, "notification listener");
                await ActivityDispatcher.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
            }
        }
    }
}
