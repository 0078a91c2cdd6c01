using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// Registrar nameserver delegation, for any <see cref="RegistrarProvider"/> (the implementation dispatches on
/// <see cref="RegistrarAccount.Provider"/>). Failures surface as <see cref="Errors.ProviderException"/> only.
/// </summary>
public interface IRegistrarClient
{
    /// <summary>Reads the nameservers on file for the (registrable) domain.</summary>
    Task<RegistrarNameservers> GetNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the registrar delegate to exactly <paramref name="nameservers"/>: reads, sets when different, reads back to
    /// verify. Returns true when it changed something. Budgeted as one unit (all calls paid up front), so a queue behind a
    /// per-minute limit never strands a half-done update.
    /// </summary>
    Task<bool> EnsureNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken = default);

    /// <summary>Sets custom nameservers; setting the same list again is harmless.</summary>
    Task SetNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken = default);

    /// <summary>
    /// Points the domain back at the registrar's own nameservers (Namecheap <c>domains.dns.setDefault</c>, Spaceship
    /// provider <c>basic</c>), as a teardown may ask. A domain already on the defaults is success.
    /// </summary>
    Task RestoreDefaultNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken = default);
}
