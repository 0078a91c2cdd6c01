using System.Collections.Concurrent;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Accounts and servers in memory.</summary>
internal sealed class InMemoryRepository<T>(Func<T, Guid> id, Func<T, string> name) : ICloudflareAccountRepository, IRegistrarAccountRepository, IHostingServerRepository
    where T : class
{
    private readonly ConcurrentDictionary<Guid, T> _items = new();

    public void Add(T item) => _items[id(item)] = item;

    private Task<TOut?> Get<TOut>(Guid key)
        where TOut : class => Task.FromResult(_items.TryGetValue(key, out var v) ? v as TOut : null);

    private Task<TOut?> ByName<TOut>(string n)
        where TOut : class => Task.FromResult(_items.Values.FirstOrDefault(v => name(v) == n) as TOut);

    Task<CloudflareAccount?> IEntityRepository<CloudflareAccount>.GetAsync(Guid key, CancellationToken cancellationToken) => Get<CloudflareAccount>(key);

    Task<RegistrarAccount?> IEntityRepository<RegistrarAccount>.GetAsync(Guid key, CancellationToken cancellationToken) => Get<RegistrarAccount>(key);

    Task<HostingServer?> IEntityRepository<HostingServer>.GetAsync(Guid key, CancellationToken cancellationToken) => Get<HostingServer>(key);

    Task<CloudflareAccount?> ICloudflareAccountRepository.GetByNicknameAsync(string nickname, CancellationToken cancellationToken) => ByName<CloudflareAccount>(nickname);

    Task<RegistrarAccount?> IRegistrarAccountRepository.GetByNicknameAsync(string nickname, CancellationToken cancellationToken) => ByName<RegistrarAccount>(nickname);

    Task<HostingServer?> IHostingServerRepository.GetByNameAsync(string n, CancellationToken cancellationToken) => ByName<HostingServer>(n);

    Task<CloudflareAccount> IEntityRepository<CloudflareAccount>.CreateAsync(CloudflareAccount entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<RegistrarAccount> IEntityRepository<RegistrarAccount>.CreateAsync(RegistrarAccount entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<HostingServer> IEntityRepository<HostingServer>.CreateAsync(HostingServer entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<CloudflareAccount>> IEntityRepository<CloudflareAccount>.ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<RegistrarAccount>> IEntityRepository<RegistrarAccount>.ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<IReadOnlyList<HostingServer>> IEntityRepository<HostingServer>.ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<CloudflareAccount> IEntityRepository<CloudflareAccount>.UpdateAsync(CloudflareAccount entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<RegistrarAccount> IEntityRepository<RegistrarAccount>.UpdateAsync(RegistrarAccount entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<HostingServer> IEntityRepository<HostingServer>.UpdateAsync(HostingServer entity, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<bool> IEntityRepository<CloudflareAccount>.DeleteAsync(Guid key, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<bool> IEntityRepository<RegistrarAccount>.DeleteAsync(Guid key, CancellationToken cancellationToken) => throw new NotSupportedException();

    Task<bool> IEntityRepository<HostingServer>.DeleteAsync(Guid key, CancellationToken cancellationToken) => throw new NotSupportedException();
}
