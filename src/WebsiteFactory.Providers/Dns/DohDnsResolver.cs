using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Dns;

/// <summary>
/// <see cref="IDnsResolver"/> over DNS-over-HTTPS with the JSON format (<c>accept: application/dns-json</c>), as served
/// by Cloudflare's and Google's public resolvers: asks a public resolver, not the local cache, so "delegation is
/// live" means live for the world.
/// </summary>
public sealed class DohDnsResolver(HttpClient http, IOptions<DohDnsResolverOptions> options) : IDnsResolver
{
    private const string Provider = "dns";

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetNameserversAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        var answers = await QueryAsync(domain.RegistrableDomain, "NS", 2, cancellationToken).ConfigureAwait(false);
        return [.. answers.Select(RegistrarNameservers.Normalize).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<IPAddress>> GetIPv4AddressesAsync(DomainName host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var answers = await QueryAsync(host.Value, "A", 1, cancellationToken).ConfigureAwait(false);
        return [.. answers.Select(a => IPAddress.TryParse(a, out var ip) ? ip : null).OfType<IPAddress>()];
    }

    private async Task<List<string>> QueryAsync(string name, string type, int typeCode, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{options.Value.Endpoint}?name={Uri.EscapeDataString(name)}&type={type}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("application/dns-json");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"The DNS resolver answered HTTP {(int)response.StatusCode}.");
            }

            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var root = doc.RootElement;
            var status = root.TryGetProperty("Status", out var s) ? s.GetInt32() : 2;
            if (status == 3)
            {
                return []; // NXDOMAIN
            }

            if (status != 0)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"The DNS resolver failed the {type} lookup of {name} (rcode {status}).");
            }

            return root.TryGetProperty("Answer", out var answer) && answer.ValueKind == JsonValueKind.Array
                ? [.. answer.EnumerateArray().Where(a => a.GetProperty("type").GetInt32() == typeCode).Select(a => a.GetProperty("data").GetString() ?? string.Empty)]
                : [];
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"The DNS lookup of {name} ({type}) failed: {e.GetType().Name}.", inner: e);
        }
    }
}
