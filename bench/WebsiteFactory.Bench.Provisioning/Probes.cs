using System.Diagnostics.Metrics;
using System.Globalization;
using Npgsql;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>What the benchmark reads from the machine and the database: load, peak RSS, PostgreSQL commits.</summary>
internal static class Probes
{
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Peak resident set of this process (VmHWM), in MiB: server, engine, simulators and sshd client side together.</summary>
    public static double PeakRssMiB()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>Committed transactions of the product's database so far (pg_stat_database; flushed by backends about once a second).</summary>
    public static async Task<long> CommitsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT pg_stat_clear_snapshot(); SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    /// <summary>
    /// Transactions that wrote, in the whole cluster so far: the next transaction id to be assigned. A read-only
    /// transaction gets no id, so this, unlike <see cref="CommitsAsync"/>, leaves out the autocommitted reads (engine
    /// dispatch polls, status reads). A row lock takes an id too, so every rate-budget take counts as a write.
    /// </summary>
    public static async Task<long> WriteTransactionsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>Listens to the vendor meter and sums CloudPanel session time (the measured SSH work, in simulated time).</summary>
internal sealed class SessionTimeListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private double _cloudPanelSeconds;
    private double _shortest = double.MaxValue;
    private long _calls;

    public SessionTimeListener()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "WebsiteFactory.Vendors" && instrument.Name == "wf.vendor.operation.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "vendor" && tag.Value is string v && v == "cloudpanel")
                {
                    lock (_listener)
                    {
                        _cloudPanelSeconds += value;
                        _shortest = Math.Min(_shortest, value);
                        _calls++;
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Summed session time, the shortest session, and the number of sessions.</summary>
    public (TimeSpan Total, TimeSpan Shortest, long Calls) CloudPanel
    {
        get
        {
            lock (_listener)
            {
                return (TimeSpan.FromSeconds(_cloudPanelSeconds), _calls == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_shortest), _calls);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
