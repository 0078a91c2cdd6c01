using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Registrars;

/// <summary>Spaceship REST API: <c>GET /domains/{domain}</c> and <c>PUT /domains/{domain}/nameservers</c>.</summary>
public sealed class SpaceshipRegistrar(HttpClient http, ISecretStore secrets, IRateBudget budget, IOptions<SpaceshipOptions> options, VendorMetrics metrics)
{
    private const string Provider = "spaceship";
    private readonly SpaceshipOptions _options = options.Value;

    private sealed record DomainDto([property: JsonPropertyName("nameservers")] NameserversDto? Nameservers);

    private sealed record NameserversDto([property: JsonPropertyName("provider")] string? Provider, [property: JsonPropertyName("hosts")] IReadOnlyList<string>? Hosts);

    private sealed record ProblemDto([property: JsonPropertyName("detail")] string? Detail);

    /// <summary>Read, set when different, read back.</summary>
    public async Task<bool> EnsureNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken)
    {
        var hosts = RegistrarHosts.Validate(Provider, nameservers);
        if ((await GetNameserversAsync(account, domain, cancellationToken).ConfigureAwait(false)).Matches(hosts))
        {
            return false;
        }

        await SetNameserversAsync(account, domain, hosts, cancellationToken).ConfigureAwait(false);
        var readBack = await GetNameserversAsync(account, domain, cancellationToken).ConfigureAwait(false);
        return readBack.Matches(hosts)
            ? true
            : throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Spaceship still reports {string.Join(", ", readBack.Hosts)} for {domain} after the update.");
    }

    /// <summary>Reads the domain's nameservers.</summary>
    public async Task<RegistrarNameservers> GetNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(account, HttpMethod.Get, domain, $"domains/{domain.RegistrableDomain}", null, cancellationToken).ConfigureAwait(false);
        var dto = await response.Content.ReadFromJsonAsync<DomainDto>(cancellationToken).ConfigureAwait(false);
        var ns = dto?.Nameservers;
        return new RegistrarNameservers([.. (ns?.Hosts ?? []).Select(RegistrarNameservers.Normalize)], !string.Equals(ns?.Provider, "custom", StringComparison.Ordinal));
    }

    /// <summary>Sets custom nameservers.</summary>
    public async Task SetNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken)
    {
        var hosts = RegistrarHosts.Validate(Provider, nameservers);
        using var response = await SendAsync(account, HttpMethod.Put, domain, $"domains/{domain.RegistrableDomain}/nameservers", new { provider = "custom", hosts }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Back to Spaceship's own nameservers (<c>PUT …/nameservers</c> with provider <c>basic</c> and no hosts).</summary>
    public async Task RestoreDefaultNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domain);
        using var response = await SendAsync(account, HttpMethod.Put, domain, $"domains/{domain.RegistrableDomain}/nameservers", new { provider = "basic" }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(RegistrarAccount account, HttpMethod method, DomainName domain, string path, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.ApiSecretSecretName is null)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, "The Spaceship account has no API secret configured.");
        }

        var key = $"spaceship:{account.Id}:{domain.RegistrableDomain}";
        // Spaceship blocks per key and domain; a recorded 429 keeps everyone off until it expires.
        var blocked = await budget.TryAcquireAsync(key, new RateLimitPolicy(int.MaxValue, TimeSpan.FromSeconds(1)), 1, cancellationToken).ConfigureAwait(false);
        if (blocked > TimeSpan.Zero)
        {
            throw new ProviderException(Provider, ProviderErrorKind.RateLimited, $"Spaceship throttled {domain.RegistrableDomain} recently; retrying later.", blocked, "429");
        }

        return await metrics.MeasureAsync(Provider, VendorOperation.FromRest(method, path),
            () => ExchangeAsync(account, method, domain, path, body, key, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> ExchangeAsync(
        RegistrarAccount account, HttpMethod method, DomainName domain, string path, object? body, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-API-Key", await secrets.GetAsync(account.ApiKeySecretName.Value, cancellationToken).ConfigureAwait(false));
        request.Headers.Add("X-API-Secret", await secrets.GetAsync(account.ApiSecretSecretName!.Value, cancellationToken).ConfigureAwait(false));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is HttpRequestException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(e, cancellationToken))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Spaceship did not answer {method} {path}: {e.GetType().Name}.", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string? detail = null;
            try
            {
                detail = (await response.Content.ReadFromJsonAsync<ProblemDto>(cancellationToken).ConfigureAwait(false))?.Detail;
            }
            catch (JsonException)
            {
                // Not JSON; the status decides.
            }

            detail = detail is { Length: > 300 } ? detail[..300] : detail;
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? _options.DefaultRetryAfter;
                await budget.BlockAsync(key, wait, cancellationToken).ConfigureAwait(false);
                throw new ProviderException(Provider, ProviderErrorKind.RateLimited, $"Spaceship throttled {domain.RegistrableDomain}; retry after {wait.TotalSeconds:0} s.", wait, "429");
            }

            throw status switch
            {
                401 or 403 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Spaceship rejected the API key/secret (HTTP {status}); check the key's permissions.", vendorCode: status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                404 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Spaceship does not know {domain.RegistrableDomain} in this account (HTTP 404).", vendorCode: "404"),
                >= 500 or 408 => new ProviderException(Provider, ProviderErrorKind.Transient, $"Spaceship answered HTTP {status}.", vendorCode: status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                _ => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Spaceship refused {method} {path} (HTTP {status}: {detail ?? "no detail"}).", vendorCode: status.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
        }
    }
}
