using System.Collections.Concurrent;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// CloudPanel stand-in for the benchmark (no SSH): <c>site:add:static</c> and certificate issuance take a
/// deterministic per-domain time on the shared clock, at most <c>sessions</c> at once per server, like the adapter's
/// per-server SSH limit. The SSH path itself is covered by the real-sshd tests.
/// </summary>
internal sealed class SimulatedCloudPanel(TimeProvider clock, int sessions) : ICloudPanelClient
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<string, string> _sites = new(StringComparer.Ordinal);

    /// <summary>Time <c>site:add:static</c> takes for a domain: 4–8 s.</summary>
    public static TimeSpan AddDuration(string domain) => TimeSpan.FromSeconds(4 + 4 * Fraction(domain, 1));

    /// <summary>Time certificate issuance takes for a domain: 15–30 s (staging dry run + production order).</summary>
    public static TimeSpan CertificateDuration(string domain) => TimeSpan.FromSeconds(15 + 15 * Fraction(domain, 2));

    public int Sessions => sessions;

    public async Task<CloudPanelSite> EnsureStaticSiteAsync(HostingServer server, DomainName domain, SiteUser siteUser, string passwordSecretName, CancellationToken cancellationToken = default)
    {
        var docRoot = $"/home/{siteUser.Value}/htdocs/{domain.Value}";
        if (_sites.ContainsKey(domain.Value))
        {
            return new CloudPanelSite(domain.Value, siteUser.Value, docRoot, false);
        }

        await WithSessionAsync(server, AddDuration(domain.Value), cancellationToken).ConfigureAwait(false);
        _sites[domain.Value] = siteUser.Value;
        return new CloudPanelSite(domain.Value, siteUser.Value, docRoot, true);
    }

    public Task InstallCertificateAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default) =>
        WithSessionAsync(server, CertificateDuration(domain.Value), cancellationToken);

    public Task DeleteSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default)
    {
        _sites.TryRemove(domain.Value, out _);
        return Task.CompletedTask;
    }

    public Task<HostedSite?> FindSiteAsync(HostingServer server, DomainName domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(_sites.TryGetValue(domain.Value, out var user)
            ? new HostedSite(domain.Value, user, $"/home/{user}/htdocs/{domain.Value}", true, "simulated")
            : null);

    public Task<IReadOnlyList<CloudPanelSite>> ListSitesAsync(HostingServer server, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<CloudPanelSite>>([.. _sites.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new CloudPanelSite(kv.Key, kv.Value, $"/home/{kv.Value}/htdocs/{kv.Key}", false))]);

    private async Task WithSessionAsync(HostingServer server, TimeSpan duration, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(server.Id, _ => new SemaphoreSlim(sessions));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(duration, clock, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static double Fraction(string s, int salt)
    {
        var h = 2166136261u ^ (uint)salt;
        foreach (var c in s)
        {
            h = (h ^ c) * 16777619u;
        }

        return (h % 10_000) / 10_000.0;
    }
}
