using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;

namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// <see cref="ISiteDeployer"/> with the system's <c>rsync</c> and <c>ssh</c>: upload into a new release directory
/// (hard-linked against the live release with <c>--link-dest</c>, compared by <c>--checksum</c>, <c>--delete</c>d to an
/// exact copy), then an atomic symlink swap; see <see cref="ReleaseScripts"/> for the layout.
/// </summary>
/// <remarks>
/// <para>Host keys are pinned: the server's keys are read with <c>ssh-keyscan</c> and only a key whose SHA-256
/// fingerprint equals the pin is written to a temporary known_hosts file used with <c>StrictHostKeyChecking=yes</c>;
/// a server presenting another key is refused before any authentication.</para>
/// <para>The private key is read from the secret store into a 0600 file in a 0700 temporary directory that is deleted
/// when the call ends, whatever happens. Neither key nor paths of it appear in errors.</para>
/// </remarks>
public sealed partial class RsyncSiteDeployer : ISiteDeployer
{
    private const string Provider = "rsync";
    private readonly RsyncDeployOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger<RsyncSiteDeployer> _logger;

    /// <summary>Creates the deployer.</summary>
    public RsyncSiteDeployer(IOptions<RsyncDeployOptions> options, ISecretStore secrets, ILogger<RsyncSiteDeployer> logger)
    {
        _options = options.Value;
        _secrets = secrets;
        _logger = logger;
    }

    /// <summary>True when <paramref name="releaseId"/> is a valid release name.</summary>
    public static bool IsValidReleaseId(string? releaseId) => ReleaseLayout.IsValidReleaseId(releaseId);

    /// <summary>A new release id that sorts after earlier ones: <c>yyyyMMddTHHmmssZ-{suffix}</c>.</summary>
    public static string NewReleaseId(DateTimeOffset now, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        var id = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + suffix;
        return IsValidReleaseId(id) ? id : throw new ArgumentException($"Release suffix '{suffix}' is invalid.", nameof(suffix));
    }

    /// <inheritdoc />
    public async Task<DeployResult> DeployAsync(DeployTarget target, string sourceDirectory, string releaseId, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);

        if (!File.Exists(Path.Combine(sourceDirectory, "index.html")))
        {
            throw new ArgumentException($"'{sourceDirectory}' holds no index.html; refusing to deploy an empty or unfinished build.", nameof(sourceDirectory));
        }

        await using var session = await SshSession.OpenAsync(this, target, cancellationToken).ConfigureAwait(false);
        var prepared = ReleaseLayout.Parse(await session.RunScriptAsync(ReleaseScripts.Prepare, [parent, name, releaseId], "prepare", cancellationToken).ConfigureAwait(false));
        var current = prepared.Current;
        if (current == releaseId)
        {
            // A retried activity whose switch already happened: the release is live, nothing to do.
            Log.AlreadyLive(_logger, target.Host, target.DocRoot.Value, releaseId);
            return new DeployResult(releaseId, null, []);
        }

        var releases = $"{parent}/.{name}.releases";
        var args = new List<string>
        {
            "--recursive", "--links", "--times", "--checksum", "--delete", "--delete-delay",
            "--chmod=D755,F644", "--timeout=" + ((int)_options.TransferTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-e", session.SshCommandLine,
        };
        if (!string.IsNullOrEmpty(current))
        {
            // Unchanged files become hard links to the live release: fast, and nothing of the live tree is modified.
            args.Add($"--link-dest={releases}/{current}");
        }

        args.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDirectory)) + "/");
        // Into a partial directory: the switch renames it to the release id, so a failed upload is never a release.
        args.Add($"{target.User}@{HostForRsync(target.Host)}:{releases}/.partial-{releaseId}/");
        var rsync = await ProcessRunner.RunAsync(_options.RsyncCommand, args, Path.GetTempPath(), new Dictionary<string, string?>(), _options.TransferTimeout + _options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        if (rsync.ExitCode != 0)
        {
            throw RsyncError(rsync, target);
        }

        var switched = ReleaseLayout.Parse(await session.RunScriptAsync(
            ReleaseScripts.SwitchScript,
            [parent, name, releaseId, Math.Max(2, _options.KeepReleases).ToString(CultureInfo.InvariantCulture)],
            "switch",
            cancellationToken).ConfigureAwait(false));
        Log.Deployed(_logger, target.Host, target.DocRoot.Value, releaseId, switched.Previous ?? "-");
        return new DeployResult(releaseId, string.IsNullOrEmpty(switched.Previous) ? null : switched.Previous, switched.Releases);
    }

    /// <inheritdoc />
    public async Task<DeployResult> ActivateAsync(DeployTarget target, string releaseId, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);
        await using var session = await SshSession.OpenAsync(this, target, cancellationToken).ConfigureAwait(false);
        string output;
        try
        {
            output = await session.RunScriptAsync(
                ReleaseScripts.SwitchScript,
                [parent, name, releaseId, Math.Max(2, _options.KeepReleases).ToString(CultureInfo.InvariantCulture)],
                "switch",
                cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.VendorCode == ReleaseScripts.ReleaseMissingExit)
        {
            throw ReleaseScripts.ReleaseMissing(Provider, target, releaseId);
        }

        var switched = ReleaseLayout.Parse(output);
        Log.Deployed(_logger, target.Host, target.DocRoot.Value, releaseId, switched.Previous ?? "-");
        return switched.ToResult(releaseId);
    }

    /// <inheritdoc />
    public async Task<string?> GetLiveReleaseAsync(DeployTarget target, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        await using var session = await SshSession.OpenAsync(this, target, cancellationToken).ConfigureAwait(false);
        var current = ReleaseLayout.Parse(await session.RunScriptAsync(ReleaseScripts.Current, [parent, name], "read live release", cancellationToken).ConfigureAwait(false)).Current;
        return string.IsNullOrEmpty(current) ? null : current;
    }

    /// <inheritdoc />
    public async Task<DeployResult> RollbackAsync(DeployTarget target, string? operationId = null, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);

        // The marker name on the server: a hash, so any caller key is a safe file name.
        var op = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(operationId ?? Guid.NewGuid().ToString("N"))))[..32];
        await using var session = await SshSession.OpenAsync(this, target, cancellationToken).ConfigureAwait(false);
        var state = ReleaseLayout.Parse(await session.RunScriptAsync(ReleaseScripts.RollbackScript, [parent, name, op], "rollback", cancellationToken).ConfigureAwait(false));
        Log.RolledBack(_logger, target.Host, target.DocRoot.Value, state.Current ?? "-", state.Previous ?? "-");
        return new DeployResult(state.Current!, state.Previous, state.Releases);
    }

    private static string HostForRsync(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    /// <summary>Deletes <c>wf-ssh-*</c> session (and <c>wf-cm-*</c> control socket) directories under <paramref name="tempRoot"/> last written before <paramref name="cutoffUtc"/>.</summary>
    /// <returns>How many were deleted.</returns>
    internal static int SweepStaleSessions(string tempRoot, DateTime cutoffUtc)
    {
        var deleted = 0;
        foreach (var dir in Directory.EnumerateDirectories(tempRoot, "wf-ssh-*").Concat(Directory.EnumerateDirectories(tempRoot, "wf-cm-*")))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(dir) < cutoffUtc)
                {
                    Directory.Delete(dir, recursive: true);
                    deleted++;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's, or already gone.
            }
        }

        return deleted;
    }

    private static ProviderException RsyncError(ProcessRunner.Result r, DeployTarget target)
    {
        var where = $"{target.User}@{target.Host}:{target.Port}";
        var tail = LastLines(r.OutputTail);
        if (r.TimedOut)
        {
            return new ProviderException(Provider, ProviderErrorKind.Transient, $"rsync to {where} timed out; the live site is unchanged.");
        }

        return r.ExitCode switch
        {
            23 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"rsync to {where} was partial (exit 23: some files could not be transferred, often permissions); the live site is unchanged. {tail}", vendorCode: "23"),
            24 => new ProviderException(Provider, ProviderErrorKind.Transient, $"rsync to {where} was partial (exit 24: source files vanished during the transfer); the live site is unchanged.", vendorCode: "24"),
            255 => SshError(255, r.OutputTail, where, "rsync", "The live site is unchanged."),
            10 or 12 or 30 or 35 => new ProviderException(Provider, ProviderErrorKind.Transient, $"rsync to {where} lost the connection or timed out (exit {r.ExitCode}); the live site is unchanged. {tail}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture)),
            _ => new ProviderException(Provider, ProviderErrorKind.Permanent, $"rsync to {where} failed (exit {r.ExitCode}); the live site is unchanged. {tail}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture)),
        };
    }

    internal static ProviderException SshError(int exitCode, string output, string where, string what, string? note = null)
    {
        var tail = LastLines(output);
        note = note is null ? string.Empty : " " + note;
        if (output.Contains("Host key verification failed", StringComparison.Ordinal) || output.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal))
        {
            return new ProviderException(Provider, ProviderErrorKind.Permanent, $"{what}: the host key of {where} does not match the pinned fingerprint.{note}", vendorCode: "host-key");
        }

        if (output.Contains("Permission denied", StringComparison.Ordinal))
        {
            return new ProviderException(Provider, ProviderErrorKind.Permanent, $"{what}: {where} refused the SSH key (permission denied).{note}", vendorCode: "auth");
        }

        return new ProviderException(Provider, ProviderErrorKind.Transient, $"{what}: SSH to {where} failed (exit {exitCode}).{note} {tail}", vendorCode: exitCode.ToString(CultureInfo.InvariantCulture));
    }

    private static string LastLines(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("Warning: Permanently added", StringComparison.Ordinal)).ToArray();
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 5)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7301, Level = LogLevel.Information, Message = "Deployed release {ReleaseId} to {Host}:{DocRoot} (previous {Previous})")]
        public static partial void Deployed(ILogger logger, string host, string docRoot, string releaseId, string previous);

        [LoggerMessage(EventId = 7302, Level = LogLevel.Information, Message = "Release {ReleaseId} is already live on {Host}:{DocRoot}")]
        public static partial void AlreadyLive(ILogger logger, string host, string docRoot, string releaseId);

        [LoggerMessage(EventId = 7303, Level = LogLevel.Warning, Message = "Rolled back {Host}:{DocRoot} to {Current} (was {Previous})")]
        public static partial void RolledBack(ILogger logger, string host, string docRoot, string current, string previous);
    }
}
