using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// <see cref="ISiteDeployer"/> over SSH.NET only (no <c>rsync</c>, no <c>ssh</c> binary): the release layout, atomic
/// switch, history, pruning and rollback of <see cref="ReleaseScripts"/>, run as fixed scripts with validated, quoted
/// arguments; uploads of a local build by SFTP into <c>.partial-{id}</c>. Used where the host has no OpenSSH tools (the
/// Azure Functions app), mostly to switch to releases built on the server (<see cref="ActivateAsync"/>).
/// </summary>
/// <remarks>Settings: <c>Content:Deploy</c> (<see cref="RsyncDeployOptions.KeepReleases"/>, connect and transfer timeouts).</remarks>
public sealed partial class SftpSiteDeployer : ISiteDeployer
{
    private const string Provider = "ssh";
    private readonly RsyncDeployOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger<SftpSiteDeployer> _logger;

    /// <summary>Creates the deployer.</summary>
    public SftpSiteDeployer(IOptions<RsyncDeployOptions> options, ISecretStore secrets, ILogger<SftpSiteDeployer> logger)
    {
        _options = options.Value;
        _secrets = secrets;
        _logger = logger;
    }

    private TimeSpan ScriptTimeout => _options.ConnectTimeout * 4;

    private string Keep => Math.Max(2, _options.KeepReleases).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task<DeployResult> DeployAsync(DeployTarget target, string sourceDirectory, string releaseId, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);
        if (!File.Exists(Path.Combine(sourceDirectory, "index.html")))
        {
            throw new ArgumentException($"'{sourceDirectory}' holds no index.html; refusing to deploy an empty or unfinished build.", nameof(sourceDirectory));
        }

        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        var current = ReleaseLayout.Parse(await ssh.RunAsync(ReleaseScripts.Prepare, [parent, name, releaseId], "prepare", ScriptTimeout, cancellationToken).ConfigureAwait(false)).Current;
        if (current == releaseId)
        {
            Log.AlreadyLive(_logger, target.Host, target.DocRoot.Value, releaseId);
            return new DeployResult(releaseId, null, []);
        }

        // A fresh partial directory: an exact copy of the build, nothing left from an earlier attempt.
        var partial = $"{parent}/.{name}.releases/.partial-{releaseId}";
        await ssh.RunAsync(ClearPartial, [partial], "prepare upload", ScriptTimeout, cancellationToken).ConfigureAwait(false);
        using (var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            transfer.CancelAfter(_options.TransferTimeout);
            var sftp = await ssh.SftpAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
            try
            {
                await UploadTreeAsync(sftp, Path.GetFullPath(sourceDirectory), partial, transfer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Upload to {ssh.Where} did not finish within {_options.TransferTimeout.TotalMinutes:0} minutes; the live site is unchanged.", vendorCode: "timeout");
            }
            catch (Exception e) when (e is Renci.SshNet.Common.SshException or IOException)
            {
                throw ssh.SftpError(e, "Upload of the release (the live site is unchanged)");
            }
        }

        var switched = ReleaseLayout.Parse(await ssh.RunAsync(ReleaseScripts.SwitchScript, [parent, name, releaseId, Keep], "switch", ScriptTimeout, cancellationToken).ConfigureAwait(false));
        Log.Deployed(_logger, target.Host, target.DocRoot.Value, releaseId, switched.Previous ?? "-");
        return switched.ToResult(releaseId);
    }

    /// <inheritdoc />
    public async Task<DeployResult> ActivateAsync(DeployTarget target, string releaseId, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);
        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        var r = await ssh.TryRunAsync(ReleaseScripts.SwitchScript, [parent, name, releaseId, Keep], "switch", ScriptTimeout, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode.ToString(CultureInfo.InvariantCulture) == ReleaseScripts.ReleaseMissingExit)
        {
            throw ReleaseScripts.ReleaseMissing(Provider, target, releaseId);
        }

        if (r.ExitCode != 0)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"switch on {ssh.Where} failed (exit {r.ExitCode}): {r.ErrorTail}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture));
        }

        var switched = ReleaseLayout.Parse(r.Output);
        Log.Deployed(_logger, target.Host, target.DocRoot.Value, releaseId, switched.Previous ?? "-");
        return switched.ToResult(releaseId);
    }

    /// <inheritdoc />
    public async Task<string?> GetLiveReleaseAsync(DeployTarget target, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        var current = ReleaseLayout.Parse(await ssh.RunAsync(ReleaseScripts.Current, [parent, name], "read live release", ScriptTimeout, cancellationToken).ConfigureAwait(false)).Current;
        return string.IsNullOrEmpty(current) ? null : current;
    }

    /// <inheritdoc />
    public async Task<DeployResult> RollbackAsync(DeployTarget target, string? operationId = null, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);

        // The marker name on the server: a hash, so any caller key is a safe file name.
        var op = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(operationId ?? Guid.NewGuid().ToString("N"))))[..32];
        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        var state = ReleaseLayout.Parse(await ssh.RunAsync(ReleaseScripts.RollbackScript, [parent, name, op], "rollback", ScriptTimeout, cancellationToken).ConfigureAwait(false));
        Log.RolledBack(_logger, target.Host, target.DocRoot.Value, state.Current ?? "-", state.Previous ?? "-");
        return new DeployResult(state.Current!, state.Previous, state.Releases);
    }

    /// <summary>Args: partial directory. Removes an earlier attempt and creates it empty (the releases directory exists).</summary>
    private const string ClearPartial = """
        set -eu
        rm -rf "$1"
        mkdir -m 755 "$1"
        """;

    private static async Task UploadTreeAsync(SftpClient sftp, string source, string remote, CancellationToken cancellationToken)
    {
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            await sftp.CreateDirectoryAsync(Remote(remote, source, dir), cancellationToken).ConfigureAwait(false);
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            await using var stream = File.OpenRead(file);
            await sftp.UploadFileAsync(stream, Remote(remote, source, file), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The remote path of a local file: its relative path under <paramref name="remote"/>, '/'-separated.</summary>
    internal static string Remote(string remote, string source, string local) =>
        remote + "/" + Path.GetRelativePath(source, local).Replace(Path.DirectorySeparatorChar, '/');

    private static partial class Log
    {
        [LoggerMessage(EventId = 7311, Level = LogLevel.Information, Message = "Switched {Host}:{DocRoot} to release {ReleaseId} over SSH.NET (previous {Previous})")]
        public static partial void Deployed(ILogger logger, string host, string docRoot, string releaseId, string previous);

        [LoggerMessage(EventId = 7312, Level = LogLevel.Information, Message = "Release {ReleaseId} is already live on {Host}:{DocRoot}")]
        public static partial void AlreadyLive(ILogger logger, string host, string docRoot, string releaseId);

        [LoggerMessage(EventId = 7313, Level = LogLevel.Warning, Message = "Rolled back {Host}:{DocRoot} to {Current} (was {Previous})")]
        public static partial void RolledBack(ILogger logger, string host, string docRoot, string current, string previous);
    }
}
