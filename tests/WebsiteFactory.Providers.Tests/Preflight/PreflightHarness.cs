using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Tests.Vendors;
using WebsiteFactory.Simulators.CloudPanel;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>
/// The simulators and the adapters' pre-flight checks (as <c>AddVendorProviders</c> registers them), the loopback sshd as the
/// one CloudPanel server with a <see cref="DfStandIn"/> for its disk, and account lists a test can change.
/// </summary>
internal sealed class PreflightHarness : IAsyncDisposable
{
    private PreflightHarness(VendorTestHost host, LoopbackSshServer sshd, DfStandIn df)
    {
        Host = host;
        Df = df;
        Server = new HostingServer
        {
            Id = Guid.NewGuid(), Name = "web-1", Address = sshd.Host, SshPort = sshd.Port, SshUser = sshd.UserName,
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture),
            HostKeyFingerprint = SshHostKeyFingerprint.Parse(sshd.HostKeyFingerprintSha256, CultureInfo.InvariantCulture),
        };
        CloudflareAccounts = [host.Cloudflare1, host.Cloudflare2];
        RegistrarAccounts = [host.Namecheap, host.Spaceship];
        Servers = [Server];
    }

    public VendorTestHost Host { get; }

    public DfStandIn Df { get; }

    public HostingServer Server { get; }

    public List<CloudflareAccount> CloudflareAccounts { get; }

    public List<RegistrarAccount> RegistrarAccounts { get; }

    public List<HostingServer> Servers { get; }

    public static async Task<PreflightHarness> StartAsync(LoopbackSshServer sshd, WebsiteFactory.Simulators.SimulatorOptions? options = null)
    {
        var df = DfStandIn.Install(sshd);
        PreflightHarness? harness = null;
        var host = await VendorTestHost.StartAsync(
            options,
            extraConfig: new Dictionary<string, string?> { ["Preflight:DfCommand"] = df.CommandPath, ["Preflight:DiskPath"] = "/" },
            configure: services =>
            {
                var cloudflare = Substitute.For<ICloudflareAccountRepository>();
                cloudflare.ListAsync(Arg.Any<CancellationToken>()).Returns(_ => (IReadOnlyList<CloudflareAccount>)[.. harness!.CloudflareAccounts]);
                var registrars = Substitute.For<IRegistrarAccountRepository>();
                registrars.ListAsync(Arg.Any<CancellationToken>()).Returns(_ => (IReadOnlyList<RegistrarAccount>)[.. harness!.RegistrarAccounts]);
                var servers = Substitute.For<IHostingServerRepository>();
                servers.ListAsync(Arg.Any<CancellationToken>()).Returns(_ => (IReadOnlyList<HostingServer>)[.. harness!.Servers]);
                services.AddSingleton(cloudflare).AddSingleton(registrars).AddSingleton(servers);
            });
        harness = new PreflightHarness(host, sshd, df);
        await host.Secrets.SetAsync("ssh-key", sshd.ClientPrivateKey);
        return harness;
    }

    /// <summary>Runs every registered check once.</summary>
    public Task<PreflightReport> RunAsync() =>
        new PreflightRunner(Host.Services.GetServices<IPreflightCheck>(), Host.Get<IOptions<PreflightOptions>>().Value, TimeProvider.System, NullLogger<PreflightRunner>.Instance).RunAsync();

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
