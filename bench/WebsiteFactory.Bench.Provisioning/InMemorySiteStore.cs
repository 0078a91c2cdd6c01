using System.Collections.Concurrent;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Sites in memory, applying step updates like the PostgreSQL store (events counted, not kept).</summary>
internal sealed class InMemorySiteStore : ISiteStateStore
{
    private readonly ConcurrentDictionary<Guid, Site> _sites = new();
    private long _events;

    public long EventCount => Interlocked.Read(ref _events);

    public IEnumerable<Site> Sites => _sites.Values;

    public void Add(Site site) => _sites[site.Id] = site;

    public Task<Site?> GetAsync(Guid siteId, CancellationToken cancellationToken = default) => Task.FromResult(_sites.GetValueOrDefault(siteId));

    public Task<Site?> GetByDomainAsync(DomainName domain, CancellationToken cancellationToken = default) =>
        Task.FromResult(_sites.Values.FirstOrDefault(s => s.Domain == domain));

    public Task RecordStepAsync(SiteStepUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        _sites.AddOrUpdate(update.SiteId, _ => throw new KeyNotFoundException($"Site {update.SiteId} does not exist."), (_, s) => s with
        {
            StatusDns = update.StatusDns ?? s.StatusDns,
            StatusHosting = update.StatusHosting ?? s.StatusHosting,
            ErrorMessage = update.ErrorMessage is null ? s.ErrorMessage : update.ErrorMessage.Length == 0 ? null : update.ErrorMessage,
            CloudflareZoneId = update.CloudflareZoneId ?? s.CloudflareZoneId,
            AssignedNameservers = update.AssignedNameservers ?? s.AssignedNameservers,
            RecordIds = update.RecordIds is null ? s.RecordIds : s.RecordIds.Concat(update.RecordIds).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
            HostingDocRoot = update.HostingDocRoot ?? s.HostingDocRoot,
            SiteUser = update.SiteUser ?? s.SiteUser,
            MatomoSiteId = update.MatomoSiteId ?? s.MatomoSiteId,
            InstanceId = update.InstanceId ?? s.InstanceId,
        });
        Interlocked.Increment(ref _events);
        return Task.CompletedTask;
    }
}
