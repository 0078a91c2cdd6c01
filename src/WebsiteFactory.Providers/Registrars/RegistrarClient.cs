using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Registrars;

/// <summary><see cref="IRegistrarClient"/> that dispatches on <see cref="RegistrarAccount.Provider"/>.</summary>
public sealed class RegistrarClient(NamecheapRegistrar namecheap, SpaceshipRegistrar spaceship) : IRegistrarClient
{
    /// <inheritdoc />
    public Task<RegistrarNameservers> GetNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken = default) =>
        account?.Provider switch
        {
            RegistrarProvider.Namecheap => namecheap.GetNameserversAsync(account, domain, cancellationToken),
            RegistrarProvider.Spaceship => spaceship.GetNameserversAsync(account, domain, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(account), "Unknown registrar provider."),
        };

    /// <inheritdoc />
    public Task<bool> EnsureNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken = default) =>
        account?.Provider switch
        {
            RegistrarProvider.Namecheap => namecheap.EnsureNameserversAsync(account, domain, nameservers, cancellationToken),
            RegistrarProvider.Spaceship => spaceship.EnsureNameserversAsync(account, domain, nameservers, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(account), "Unknown registrar provider."),
        };

    /// <inheritdoc />
    public Task SetNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken = default) =>
        account?.Provider switch
        {
            RegistrarProvider.Namecheap => namecheap.SetNameserversAsync(account, domain, nameservers, cancellationToken),
            RegistrarProvider.Spaceship => spaceship.SetNameserversAsync(account, domain, nameservers, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(account), "Unknown registrar provider."),
        };

    /// <inheritdoc />
    public Task RestoreDefaultNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken = default) =>
        (account ?? throw new ArgumentNullException(nameof(account))).Provider switch
        {
            RegistrarProvider.Namecheap => namecheap.RestoreDefaultNameserversAsync(account, domain, cancellationToken),
            RegistrarProvider.Spaceship => spaceship.RestoreDefaultNameserversAsync(account, domain, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(account), "Unknown registrar provider."),
        };
}
