using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Deploy;

namespace WebsiteFactory.Providers.Build;

/// <summary>
/// <see cref="IServerSiteBuilder"/> over SSH.NET: the real <c>astro build</c> of <c>templates/site</c>, run by the site's
/// own server, with the output left there as <c>.partial-{releaseId}</c> beside the doc root for the switch. This machine
/// needs no <c>node</c>, <c>rsync</c> or <c>ssh</c>; the server needs Node.js (at least the template's
/// <c>engines.node</c>) with npm, registry access for the first install of each lockfile, and coreutils
/// <c>timeout</c>/<c>find</c> and util-linux <c>flock</c> (Debian and Ubuntu, which CloudPanel runs on, have them).
/// </summary>
/// <remarks>
/// <para>Per build one SSH connection runs three fixed scripts (<see cref="ServerBuildScripts"/>) and SFTP carries
/// <c>site.json</c>. The template travels once per version: its content hash names its directory on the server, and
/// only a server without that directory receives it (uploaded into a temporary name, renamed whole). <c>node_modules</c>
/// is installed once per lockfile on the server and shared by symlink, as on a local build.</para>
/// <para>Limits: dependency install and build run under coreutils <c>timeout</c> on the server (a timeout is transient),
/// at most <see cref="ServerBuildOptions.MaxConcurrentBuilds"/> builds per server take a <c>flock</c> slot, and the SSH
/// command itself times out a minute after those.</para>
/// </remarks>
public sealed partial class ServerSiteBuilder : IServerSiteBuilder
{
    private const string Provider = "remote-build";
    private readonly ServerBuildOptions _options;
    private readonly AstroBuildOptions _template;
    private readonly ISecretStore _secrets;
    private readonly ILogger<ServerSiteBuilder> _logger;

    /// <summary>Creates the builder.</summary>
    public ServerSiteBuilder(IOptions<ServerBuildOptions> options, IOptions<AstroBuildOptions> template, ISecretStore secrets, ILogger<ServerSiteBuilder> logger)
    {
        _options = options.Value;
        _template = template.Value;
        _secrets = secrets;
        _logger = logger;
        if (_options.Validate() is { } error)
        {
            throw new ArgumentException($"Content:Build:Remote: {error}", nameof(options));
        }
    }

    private TimeSpan ScriptTimeout => _options.ConnectTimeout * 4;

    private string? NodeDirectory => ServerBuildOptions.Set(_options.NodeDirectory);

    /// <inheritdoc />
    public async Task<ServerRelease> FindAsync(DeployTarget target, string releaseId, CancellationToken cancellationToken = default)
    {
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);
        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        return await FindAsync(ssh, parent, name, releaseId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SiteBuildResult> BuildAsync(SiteBuildRequest request, DeployTarget target, string releaseId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        AstroSiteBuilder.Validate(request);
        var (parent, name) = ReleaseLayout.Validate(target);
        ReleaseLayout.RequireReleaseId(releaseId);
        var started = Stopwatch.GetTimestamp();
        var template = SiteTemplate.Resolve(_template.TemplateDirectory, Provider);
        var templateHash = SiteTemplate.ContentHash(template);
        var depsKey = SiteTemplate.DependencyKey(template);
        var releasePath = $"{parent}/.{name}.releases/.partial-{releaseId}";

        using var ssh = await TargetSsh.ConnectAsync(target, _secrets, _options.ConnectTimeout, Provider, cancellationToken).ConfigureAwait(false);
        var existing = await FindAsync(ssh, parent, name, releaseId, cancellationToken).ConfigureAwait(false);
        if (existing.State != ServerReleaseState.Missing)
        {
            // A retried step after a finished build (or a release already switched to): nothing to build.
            Log.AlreadyBuilt(_logger, request.Domain.Value, releaseId, existing.State);
            return new SiteBuildResult(existing.State == ServerReleaseState.Built ? releasePath : $"{parent}/.{name}.releases/{releaseId}", existing.FileCount, Stopwatch.GetElapsedTime(started));
        }

        var probe = Probe.Parse(await ssh.RunAsync(ServerBuildScripts.Probe, [NodeDirectory ?? string.Empty, ServerBuildOptions.Set(_options.CacheDirectory) ?? string.Empty, templateHash], "build preparation", ScriptTimeout, cancellationToken).ConfigureAwait(false));
        RequireTools(probe, template, ssh.Where);
        var cache = RemotePath.TryParse(probe.Cache, out var cachePath, out var cacheError)
            ? cachePath.Value
            : throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The build cache directory '{probe.Cache}' on {ssh.Where} is not usable ({cacheError}); set Content:Build:Remote:CacheDirectory.", vendorCode: "cache-dir");

        var sftp = await ssh.SftpAsync(_options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var upload = string.Empty;
        if (!probe.TemplatePresent)
        {
            upload = ".upload-" + Guid.NewGuid().ToString("N");
            await SftpAsync(ssh, "Upload of the site template", () => UploadTemplateAsync(sftp, template, $"{cache}/templates/{upload}", cancellationToken)).ConfigureAwait(false);
            Log.TemplateUploaded(_logger, templateHash, ssh.Where);
        }

        var job = $"{cache}/jobs/{releaseId}-{Guid.NewGuid():N}";
        await SftpAsync(ssh, "Upload of site.json", async () =>
        {
            await sftp.CreateDirectoryAsync(job, cancellationToken).ConfigureAwait(false);
            using var siteJson = new MemoryStream(Encoding.UTF8.GetBytes(AstroSiteBuilder.SiteJson(request)));
            await sftp.UploadFileAsync(siteJson, job + "/site.json", cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        string[] args =
        [
            NodeDirectory ?? string.Empty, cache, templateHash, upload, depsKey, job, parent, name, releaseId,
            Seconds(_options.InstallTimeout), Seconds(_options.BuildTimeout), _options.MaxConcurrentBuilds.ToString(CultureInfo.InvariantCulture),
            Seconds(_options.QueueTimeout), $"https://{request.Domain.Value}",
        ];
        var limit = _options.QueueTimeout + _options.InstallTimeout + _options.BuildTimeout + TimeSpan.FromMinutes(1);
        var r = await ssh.TryRunAsync(ServerBuildScripts.Build, args, "astro build", limit, cancellationToken).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw BuildError(r, request.Domain, ssh.Where);
        }

        var files = int.TryParse(Value(r.Output, "files"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var duration = Stopwatch.GetElapsedTime(started);
        Log.Built(_logger, request.Domain.Value, releaseId, ssh.Where, files, duration.TotalMilliseconds);
        return new SiteBuildResult(releasePath, files, duration);
    }

    private static async Task<ServerRelease> FindAsync(TargetSsh ssh, string parent, string name, string releaseId, CancellationToken cancellationToken)
    {
        var output = await ssh.RunAsync(ServerBuildScripts.Find, [parent, name, releaseId], "read release state", TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        var state = Value(output, "state") switch
        {
            "live" => ServerReleaseState.Live,
            "released" => ServerReleaseState.Released,
            "built" => ServerReleaseState.Built,
            _ => ServerReleaseState.Missing,
        };
        var files = int.TryParse(Value(output, "files"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new ServerRelease(releaseId, state, files);
    }

    /// <summary>Refuses a server without the tools the build needs, naming what to install.</summary>
    private void RequireTools(Probe probe, string template, string where)
    {
        var minimum = MinimumNode(template);
        var wanted = minimum is null ? "Node.js 22 LTS" : $"Node.js {minimum} or later (Node.js 22 LTS recommended)";
        var how = NodeDirectory is { } dir
            ? $"Content:Build:Remote:NodeDirectory is '{dir}': put node and npm there or correct the setting"
            : "install it for the SSH user (e.g. NodeSource's nodejs package, which includes npm, or nvm plus Content:Build:Remote:NodeDirectory set to its bin directory, since a non-interactive SSH session does not load nvm)";
        if (string.IsNullOrEmpty(probe.Node) || probe.Node == "unusable")
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The server {where} has no usable node, which building the site there needs: {how}; needed: {wanted} with npm.", vendorCode: "node-missing");
        }

        if (!probe.Npm)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The server {where} has node {probe.Node} but no npm, which building the site there needs: install npm (Debian's nodejs package lacks it; NodeSource's includes it).", vendorCode: "npm-missing");
        }

        if (minimum is not null && Version.TryParse(probe.Node.TrimStart('v'), out var found) && found < minimum)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The server {where} has node {probe.Node}; the site template needs {wanted}: upgrade it.", vendorCode: "node-too-old");
        }

        if (probe.Missing.Length > 0)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The server {where} lacks{probe.Missing}, which building the site there needs: install coreutils (timeout, find) and util-linux (flock).", vendorCode: "tools-missing");
        }
    }

    /// <summary>The <c>&gt;=X.Y.Z</c> lower bound of the template's <c>engines.node</c>, if it states one.</summary>
    private static Version? MinimumNode(string template)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(template, "package.json")));
        return doc.RootElement.TryGetProperty("engines", out var engines) && engines.TryGetProperty("node", out var node) && node.GetString() is { } range
            && MinimumPattern().Match(range) is { Success: true } m && Version.TryParse(m.Groups[1].Value, out var v)
            ? v
            : null;
    }

    private static ProviderException BuildError(TargetSsh.ScriptResult r, DomainName domain, string where)
    {
        const string unchanged = "The live site is unchanged.";
        return r.ExitCode switch
        {
            ServerBuildScripts.TimedOutExit => new ProviderException(Provider, ProviderErrorKind.Transient, $"The build of {domain} on {where} timed out. {unchanged} {r.ErrorTail}", vendorCode: "timeout"),
            ServerBuildScripts.BusyExit => new ProviderException(Provider, ProviderErrorKind.Transient, $"The build of {domain} waited too long for a free build slot on {where}. {unchanged}", vendorCode: "busy"),
            ServerBuildScripts.InstallFailedExit => new ProviderException(Provider, ProviderErrorKind.Transient, $"npm install of the site template failed on {where} (does the server reach the npm registry?). {unchanged} {r.ErrorTail}", vendorCode: "npm-install"),
            ServerBuildScripts.NodeMissingExit => new ProviderException(Provider, ProviderErrorKind.Permanent, $"node or npm disappeared from {where} during the build. {unchanged}", vendorCode: "node-missing"),
            ServerBuildScripts.BuildFailedExit => new ProviderException(Provider, ProviderErrorKind.Permanent, $"astro build for {domain} failed on {where}. {unchanged} {r.ErrorTail}", vendorCode: "astro-build"),
            ServerBuildScripts.NoIndexExit => new ProviderException(Provider, ProviderErrorKind.Permanent, $"astro build for {domain} on {where} produced no index.html. {unchanged}", vendorCode: "astro-build"),
            ServerBuildScripts.TemplateMissingExit => new ProviderException(Provider, ProviderErrorKind.Transient, $"The site template vanished from the build cache on {where}. {unchanged}", vendorCode: "template-missing"),
            _ => new ProviderException(Provider, ProviderErrorKind.Permanent, $"The build of {domain} on {where} failed (exit {r.ExitCode}). {unchanged} {r.ErrorTail}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture)),
        };
    }

    private static async Task UploadTemplateAsync(SftpClient sftp, string template, string remote, CancellationToken cancellationToken)
    {
        await sftp.CreateDirectoryAsync(remote, cancellationToken).ConfigureAwait(false);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in SiteTemplate.Files(template))
        {
            var segments = file.Split('/');
            for (var i = 1; i < segments.Length; i++)
            {
                var dir = remote + "/" + string.Join('/', segments[..i]);
                if (created.Add(dir))
                {
                    await sftp.CreateDirectoryAsync(dir, cancellationToken).ConfigureAwait(false);
                }
            }

            await using var stream = File.OpenRead(Path.Combine(template, file));
            await sftp.UploadFileAsync(stream, remote + "/" + file, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SftpAsync(TargetSsh ssh, string what, Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or IOException)
        {
            throw ssh.SftpError(e, what + " (the live site is unchanged)");
        }
    }

    private static string Seconds(TimeSpan t) => ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string? Value(string output, string key) =>
        output.Split('\n', StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

    [GeneratedRegex(@">=\s*v?(\d+\.\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex MinimumPattern();

    /// <summary>What the probe script reported.</summary>
    private sealed record Probe(string Cache, string Node, bool Npm, string Missing, bool TemplatePresent)
    {
        public static Probe Parse(string output) => new(
            Value(output, "cache") ?? string.Empty,
            Value(output, "node") ?? string.Empty,
            Value(output, "npm") == "yes",
            (Value(output, "missing") ?? string.Empty).TrimEnd(),
            Value(output, "template") == "present");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7221, Level = LogLevel.Information, Message = "Built {Domain} release {ReleaseId} on {Server}: {Files} files in {ElapsedMs:0} ms")]
        public static partial void Built(ILogger logger, string domain, string releaseId, string server, int files, double elapsedMs);

        [LoggerMessage(EventId = 7222, Level = LogLevel.Information, Message = "Uploaded site template version {TemplateHash} to {Server}")]
        public static partial void TemplateUploaded(ILogger logger, string templateHash, string server);

        [LoggerMessage(EventId = 7223, Level = LogLevel.Information, Message = "Release {ReleaseId} of {Domain} is already on the server ({State}); not building it again")]
        public static partial void AlreadyBuilt(ILogger logger, string domain, string releaseId, ServerReleaseState state);
    }
}
