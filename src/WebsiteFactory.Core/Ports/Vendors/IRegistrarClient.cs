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

    /// <summary>Sets custom nameservers; setting the same list again is harmless.</summary>
    Task SetNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken = default);
}
