using System.Diagnostics;
using Npgsql;

namespace WebsiteFactory.Bench.Engine;

/// <summary>The raw figures every engine figure is compared with.</summary>
internal static class Baseline
{
    /// <summary>Median latency of an 8 KiB write followed by fdatasync, in the cluster's data directory (pg_test_fsync style).</summary>
    public static double MeasureFsyncMs(string directory)
    {
        string path = Path.Combine(Path.GetTempPath(), $"wf-fsync-{Environment.ProcessId}.tmp");
        if (Directory.Exists(directory))
        {
            try
            {
                string probe = Path.Combine(directory, "wf-fsync-probe.tmp");
                File.WriteAllBytes(probe, [1]);
                File.Delete(probe);
                path = probe;
            }
            catch (UnauthorizedAccessException)
            {
            }
            catch (IOException)
            {
            }
        }

        var samples = new List<double>();
        byte[] block = new byte[8192];
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            for (int i = 0; i < 300; i++)
            {
                stream.Position = 0;
                stream.Write(block);
                long start = Stopwatch.GetTimestamp();
                stream.Flush(flushToDisk: true);
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        File.Delete(path);
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>Median and mean latency of one single-row INSERT commit from one client, in milliseconds.</summary>
    public static async Task<(double P50, double Mean)> RawCommitLatencyMsAsync(NpgsqlDataSource dataSource, TimeSpan duration)
    {
        await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO raw_commits (v) VALUES (1)", connection);
        await insert.PrepareAsync();
        var samples = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            long start = Stopwatch.GetTimestamp();
            await insert.ExecuteNonQueryAsync();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return (samples[samples.Count / 2], samples.Average());
    }

    /// <summary>Single-row INSERT, one commit each, from <paramref name="clients"/> connections.</summary>
    public static async Task<double> RawCommitsPerSecondAsync(NpgsqlDataSource dataSource, int clients, TimeSpan duration)
    {
        await using (NpgsqlCommand create = dataSource.CreateCommand("DROP TABLE IF EXISTS raw_commits; CREATE TABLE raw_commits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        long total = 0;
        using var stop = new CancellationTokenSource(duration);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            await using NpgsqlConnection connection = await dataSource.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO raw_commits (v) VALUES ($1)", connection);
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = c });
            await insert.PrepareAsync();
            long mine = 0;
            while (!stop.IsCancellationRequested)
            {
                await insert.ExecuteNonQueryAsync();
                mine++;
            }

            Interlocked.Add(ref total, mine);
        }));
        return total / watch.Elapsed.TotalSeconds;
    }
}
