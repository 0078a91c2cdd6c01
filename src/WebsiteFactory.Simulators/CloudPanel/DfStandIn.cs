using System.Globalization;

namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>
/// A stand-in for <c>df -P</c>, installed into a <see cref="LoopbackSshServer"/>'s <c>bin</c>, so a test can stage a full
/// disk on the loopback "server". It accepts only <c>-P</c> and one path (what pre-flight runs) and prints the POSIX
/// output format with the usage set by <see cref="SetUsage"/> (default 40 % of 100 GiB). Point pre-flight at it with
/// <c>Preflight:DfCommand</c> = <see cref="CommandPath"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DfStandIn
{
    private const string Script = """
        #!/bin/bash
        # Test stand-in for df -P (see DfStandIn.cs).
        if [ "$1" != "-P" ] || [ $# -ne 2 ]; then echo "df: usage: df -P PATH" >&2; exit 1; fi
        read -r size used < '__STATE__'
        avail=$((size - used))
        pct=$(( (used * 100 + size - 1) / size ))
        echo "Filesystem     1024-blocks      Used Available Capacity Mounted on"
        echo "/dev/sda1      $size $used $avail ${pct}% /"
        """;

    private DfStandIn(string commandPath, string stateFile)
    {
        CommandPath = commandPath;
        StateFile = stateFile;
    }

    /// <summary>Absolute path of the installed command.</summary>
    public string CommandPath { get; }

    private string StateFile { get; }

    /// <summary>Installs the stand-in into the server's <c>bin</c> under a fresh name.</summary>
    /// <param name="server">The server whose login user runs it.</param>
    /// <returns>The stand-in.</returns>
    public static DfStandIn Install(LoopbackSshServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var dir = server.CreateUserDirectory(Path.Combine(server.RootDirectory, "df-" + Guid.NewGuid().ToString("N")[..6]));
        var state = Path.Combine(dir, "usage");
        var path = server.InstallExecutable("df-" + Guid.NewGuid().ToString("N")[..6], Script.Replace("__STATE__", state, StringComparison.Ordinal));
        var standIn = new DfStandIn(path, state);
        standIn.SetUsage(40);
        return standIn;
    }

    /// <summary>Sets the used share of the (100 GiB) disk that the next <c>df</c> reports.</summary>
    /// <param name="percentUsed">0-100.</param>
    public void SetUsage(int percentUsed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentUsed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentUsed, 100);
        const long size = 100L * 1024 * 1024;
        File.WriteAllText(StateFile, string.Create(CultureInfo.InvariantCulture, $"{size} {size * percentUsed / 100}\n"));
    }
}
