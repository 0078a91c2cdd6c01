using System.Globalization;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.CloudPanel;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>server-disk</c>: per CloudPanel server, the fixed command <c>{DfCommand} -P {DiskPath}</c> over SSH (both validated
/// options, quoted), its <c>Capacity</c> column against <see cref="PreflightOptions.DiskWarnPercent"/> and
/// <see cref="PreflightOptions.DiskFailPercent"/>. A server it cannot reach is left to <see cref="ServerSshCheck"/> and
/// reported here as a warning, so one outage is not failed twice.
/// </summary>
public sealed class ServerDiskCheck(SshConnector ssh, IHostingServerRepository servers, IOptions<PreflightOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "server-disk";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await servers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => new PreflightProbe(Name, PreflightTargets.Of(s), ct => ProbeAsync(s, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(HostingServer server, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var (client, failure) = await ServerSshCheck.ConnectAsync(ssh, server, o.CheckTimeout, cancellationToken).ConfigureAwait(false);
        if (client is null)
        {
            return PreflightOutcome.Warn($"Disk not measured: {failure!.Message}", "Fix the server-ssh check of this server first.");
        }

        string output;
        int exit;
        using (client)
        {
            using var cmd = client.CreateCommand($"{ShellQuote.Quote(o.DfCommand)} -P {ShellQuote.Quote(o.DiskPath)}");
            cmd.CommandTimeout = o.CheckTimeout;
            await cmd.ExecuteAsync(cancellationToken).ConfigureAwait(false);
            output = cmd.Result ?? string.Empty;
            exit = cmd.ExitStatus ?? -1;
            client.Disconnect();
        }

        if (exit != 0 || Parse(output) is not { } use)
        {
            return PreflightOutcome.Warn($"Could not read disk usage of {o.DiskPath} (df exit {exit}).", $"Make sure `df -P {o.DiskPath}` works for {server.SshUser} on the server, or set Preflight:DiskPath.");
        }

        var (percent, availableKb) = use;
        var message = string.Create(CultureInfo.InvariantCulture, $"{o.DiskPath} is {percent}% full ({availableKb / 1024.0 / 1024.0:0.#} GiB free).");
        const string fix = "Free space on the server (old releases, logs, backups) or grow its disk before adding sites.";
        return percent >= o.DiskFailPercent ? PreflightOutcome.Fail(message, fix)
            : percent >= o.DiskWarnPercent ? PreflightOutcome.Warn(message, fix)
            : PreflightOutcome.Pass(message);
    }

    /// <summary>Reads the data line of POSIX <c>df -P</c>: <c>Filesystem 1024-blocks Used Available Capacity Mounted-on</c>.</summary>
    internal static (int Percent, long AvailableKb)? Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            return null;
        }

        var cols = lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return cols.Length >= 6
            && int.TryParse(cols[4].TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            && long.TryParse(cols[3], NumberStyles.None, CultureInfo.InvariantCulture, out var available)
            ? (percent, available)
            : null;
    }
}
