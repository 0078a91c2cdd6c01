using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Providers.Tests.Provisioning;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Testing.Sshd;

namespace WebsiteFactory.Providers.Tests.Build;

/// <summary>
/// One loopback sshd (a fresh login user with node on its PATH, as a CloudPanel server with Node.js) shared by the
/// server-build test classes, so the server installs the template's dependencies once for all of them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerBuildServer : ICollectionFixture<SshdFixture>
{
    public const string Name = "server-build sshd";
}

/// <summary>
/// A CloudPanel-like site on the loopback server (<c>{root}/site-*/htdocs/{domain}</c> with the placeholder page) and
/// fresh product objects talking to it, as a worker (a Functions instance) would create them.
/// </summary>
public sealed class ServerBuildSite
{
    public const string KeySecret = "deploy-key";

    public ServerBuildSite(LoopbackSshServer server, string domain = "remote-build.example")
    {
        Server = server;
        SiteRoot = Path.Combine(server.RootDirectory, "site-" + Guid.NewGuid().ToString("N")[..8]);
        DocRoot = Path.Combine(SiteRoot, "htdocs", domain);
        Directory.CreateDirectory(DocRoot);
        File.WriteAllText(Path.Combine(DocRoot, "index.html"), "<html>placeholder</html>");
        server.CreateUserDirectory(SiteRoot);
    }

    public LoopbackSshServer Server { get; }

    public string SiteRoot { get; }

    public string DocRoot { get; }

    public string Releases => Path.Combine(Path.GetDirectoryName(DocRoot)!, "." + Path.GetFileName(DocRoot) + ".releases");

    /// <summary>The server-side build cache of the login user (the default <c>$HOME/.cache/website-factory</c>).</summary>
    public string Cache => Path.Combine(Server.UserHome, ".cache", "website-factory");

    /// <summary>Every formatted log line of the objects this site created.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public DeployTarget Target(string? docRoot = null, string? host = null, string? user = null, string? fingerprint = null) => new(
        host ?? Server.Host,
        Server.Port,
        user ?? Server.UserName,
        KeySecret,
        SshHostKeyFingerprint.Parse(fingerprint ?? Server.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        RemotePath.Parse(docRoot ?? DocRoot, CultureInfo.InvariantCulture));

    /// <summary>A new builder with its own secret store and options: nothing shared with any other object in the process.</summary>
    public ServerSiteBuilder Builder(string? template = null, Action<ServerBuildOptions>? configure = null)
    {
        var options = new ServerBuildOptions();
        configure?.Invoke(options);
        return new ServerSiteBuilder(
            Options.Create(options),
            Options.Create(new AstroBuildOptions { TemplateDirectory = template ?? AstroSiteBuilderTests.FindTemplate() }),
            Secrets(),
            Logger<ServerSiteBuilder>());
    }

    /// <summary>A new SSH.NET deployer with its own secret store.</summary>
    public SftpSiteDeployer Deployer() =>
        new(Options.Create(new RsyncDeployOptions { KeepReleases = 3 }), Secrets(), Logger<SftpSiteDeployer>());

    /// <summary>The release the doc root's symlink points at (what nginx serves), or null for the placeholder directory.</summary>
    public string? LiveRelease() => new DirectoryInfo(DocRoot).LinkTarget is { } link ? Path.GetFileName(link.TrimEnd('/')) : null;

    public string LiveFile(string relative) => File.ReadAllText(Path.Combine(DocRoot, relative));

    /// <summary>Lines of the given log event name (the [LoggerMessage] method), e.g. <c>TemplateUploaded</c>.</summary>
    public int CountLogs(string fragment) => Logs.Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    private ISecretStore Secrets()
    {
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync(KeySecret, Arg.Any<CancellationToken>()).Returns(_ => Server.ClientPrivateKey);
        return secrets;
    }

    private ILogger<T> Logger<T>() => LoggerFactory.Create(b => b.AddProvider(Logs)).CreateLogger<T>();

    /// <summary>A copy of the site template (without build products) with <paramref name="edit"/> applied: a new template version.</summary>
    public static string TemplateCopy(string target, Action<string>? edit = null)
    {
        Copy(AstroSiteBuilderTests.FindTemplate(), target);
        File.WriteAllText(Path.Combine(target, "src", "version.txt"), Guid.NewGuid().ToString("N"));
        edit?.Invoke(target);
        return target;
    }

    private static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("node_modules" or "dist" or ".astro")))
        {
            Copy(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }
}
