using System.Diagnostics;
using System.Globalization;

namespace WebsiteFactory.Core.Hosting;

/// <summary>
/// One process on one machine, identified so that a recycled process id is not mistaken for it: the host name, the
/// process id and the process's start time (Linux: jiffies since boot from <c>/proc/{pid}/stat</c>; elsewhere the start
/// time in ticks). Written into owner and marker files so a successor can tell a live owner from a dead one.
/// </summary>
/// <param name="Host">Machine name.</param>
/// <param name="ProcessId">Process id.</param>
/// <param name="StartTime">Start time as the OS reports it; 0 when it could not be read.</param>
public sealed record OwnerProcess(string Host, int ProcessId, long StartTime)
{
    /// <summary>Gets the current process.</summary>
    public static OwnerProcess Current { get; } = new(Environment.MachineName, Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? 0);

    /// <summary>Gets a value indicating whether this is the current process.</summary>
    public bool IsCurrent => this == Current;

    /// <summary>Gets a value indicating whether the record names a process on this machine.</summary>
    public bool IsOnThisHost => string.Equals(this.Host, Environment.MachineName, StringComparison.Ordinal);

    /// <summary>Describes the process for a message (<c>process 1234 on host</c>).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"process {this.ProcessId} on {this.Host}");

    /// <summary>
    /// Whether the process still runs: true for a process on another machine (it cannot be checked from here); false
    /// when no process has the id, when it is a zombie, or when the process with that id started at another time.
    /// </summary>
    /// <returns>True while the process runs.</returns>
    public bool IsAlive()
    {
        if (!this.IsOnThisHost)
        {
            return true;
        }

        var start = StartTimeOf(this.ProcessId);
        return start is not null && (this.StartTime == 0 || start == this.StartTime);
    }

    /// <summary>The record as one line (<c>host pid start</c>), for <see cref="TryParse"/>.</summary>
    /// <returns>The line.</returns>
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{this.Host} {this.ProcessId} {this.StartTime}");

    /// <summary>Reads a line written by <see cref="Format"/>.</summary>
    /// <param name="line">The line.</param>
    /// <param name="owner">The process, when the line is well formed.</param>
    /// <returns>True when the line is well formed.</returns>
    public static bool TryParse(string? line, out OwnerProcess? owner)
    {
        owner = null;
        var parts = line?.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 3 }
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return false;
        }

        owner = new OwnerProcess(parts[0], pid, start);
        return true;
    }

    /// <summary>The start time of a running process, or null when there is none with that id (or it is a zombie).</summary>
    /// <param name="processId">Process id.</param>
    /// <returns>Start time, or null.</returns>
    public static long? StartTimeOf(int processId)
    {
        if (processId <= 0)
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ')'.
            // Field 3 is the state, field 22 the start time in clock ticks since boot.
            var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 20 || fields[0] is "Z" or "X")
            {
                return null;
            }

            return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 0;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
