using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Registrars;

/// <summary>Validation of nameserver host lists before they reach a registrar.</summary>
internal static class RegistrarHosts
{
    public static IReadOnlyList<string> Validate(string provider, IReadOnlyList<string> hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        var normalized = hosts.Select(RegistrarNameservers.Normalize).Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count < 2 || normalized.Count > 12 || normalized.Any(h => !DomainName.TryParse(h, out _, out _)))
        {
            throw new ProviderException(provider, ProviderErrorKind.Permanent, "Nameservers must be 2 to 12 valid host names.");
        }

        return normalized;
    }
}
