using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Cloudflare;

/// <summary>
/// <see cref="ICloudflareClient"/> over the v4 REST API: bearer token from the secret store, every request paid from the
/// account's shared rate budget, look-before-create for zones and records, vendor codes translated into
/// <see cref="ProviderErrorKind"/>.
/// </summary>
public sealed partial class CloudflareClient(
    HttpClient http,
    ISecretStore secrets,
    IRateBudget budget,
    TimeProvider clock,
    IOptions<CloudflareOptions> options,
    VendorMetrics metrics,
    ILogger<CloudflareClient> logger) : ICloudflareClient
{
    private const string Provider = "cloudflare";
    private readonly CloudflareOptions _options = options.Value;

    /// <summary>Budget key of an account.</summary>
    public static string BudgetKey(CloudflareAccount account) => $"cloudflare:{account?.Id}";

    /// <inheritdoc />
    public async Task<CloudflareZone?> FindZoneAsync(CloudflareAccount account, DomainName zoneName, CancellationToken cancellationToken = default)
    {
        var path = $"zones?name={Uri.EscapeDataString(zoneName.Value)}&account.id={Uri.EscapeDataString(account.CloudflareAccountId)}&per_page={_options.PageSize}";
        var zones = await ListAsync<CloudflareZoneDto>(account, path, cancellationToken).ConfigureAwait(false);
        var match = zones.FirstOrDefault(z => z.Name.Equals(zoneName.Value, StringComparison.OrdinalIgnoreCase)
            && (z.Account is null || z.Account.Id == account.CloudflareAccountId));
        return match is null ? null : ToZone(match, account);
    }

    /// <inheritdoc />
    public async Task<CloudflareZone> EnsureZoneAsync(CloudflareAccount account, DomainName zoneName, CancellationToken cancellationToken = default)
    {
        if (!zoneName.IsApex)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"'{zoneName}' is not a registrable domain; Cloudflare zones are created for apex domains only.", vendorCode: "1099");
        }

        if (await FindZoneAsync(account, zoneName, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        try
        {
            var body = new { name = zoneName.Value, account = new { id = account.CloudflareAccountId }, type = "full" };
            var dto = await SendAsync<CloudflareZoneDto>(account, HttpMethod.Post, "zones", body, cancellationToken).ConfigureAwait(false);
            Log.ZoneCreated(logger, zoneName.Value, dto.Id);
            return ToZone(dto, account);
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.AlreadyExists)
        {
            // 1061: either our earlier attempt succeeded (response lost) or another account holds the zone.
            return await FindZoneAsync(account, zoneName, cancellationToken).ConfigureAwait(false)
                ?? throw new ProviderException(Provider, ProviderErrorKind.Permanent,
                    $"The zone {zoneName} already exists in another Cloudflare account; remove it there or use that account.", vendorCode: "1061", inner: e);
        }
    }

    /// <inheritdoc />
    public async Task<CloudflareZone> GetZoneAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default)
    {
        ValidateId(zoneId);
        var dto = await SendAsync<CloudflareZoneDto>(account, HttpMethod.Get, $"zones/{zoneId}", null, cancellationToken).ConfigureAwait(false);
        return ToZone(dto, account);
    }

    /// <inheritdoc />
    public async Task<bool> RequestActivationCheckAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default)
    {
        ValidateId(zoneId);
        try
        {
            await SendAsync<JsonElement>(account, HttpMethod.Put, $"zones/{zoneId}/activation_check", null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ProviderException e) when (e.VendorCode == "1224" || (e.Kind == ProviderErrorKind.Permanent && e.VendorCode is not ("9109" or "10000" or "7003")))
        {
            // Checked too recently, or the zone is no longer pending: both mean "nothing to do now".
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DnsRecord>> ListRecordsAsync(CloudflareAccount account, string zoneId, string? type = null, string? name = null, CancellationToken cancellationToken = default)
    {
        ValidateId(zoneId);
        var path = $"zones/{zoneId}/dns_records?per_page=100";
        if (type is not null)
        {
            path += $"&type={Uri.EscapeDataString(type)}";
        }

        if (name is not null)
        {
            path += $"&name={Uri.EscapeDataString(name)}";
        }

        var records = await ListAsync<CloudflareRecordDto>(account, path, cancellationToken).ConfigureAwait(false);
        return [.. records.Select(ToRecord)];
    }

    /// <inheritdoc />
    /// <remarks>
    /// Single-valued types (A, AAAA, CNAME) are replaced: the first record of the type and name is patched to the spec.
    /// Multi-valued types (<see cref="DnsRecordSpec.IsMultiValued"/>: TXT, MX, CAA, NS, SRV) are "ensure this value
    /// exists": a record with the same content is returned (its TTL/proxy flag corrected when they differ), otherwise a
    /// new record is created beside the others, so a Search Console token never overwrites the apex's SPF record.
    /// </remarks>
    public async Task<DnsRecord> UpsertRecordAsync(CloudflareAccount account, string zoneId, DnsRecordSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var name = spec.Name.TrimEnd('.').ToLowerInvariant();
        var existing = await ListRecordsAsync(account, zoneId, spec.Type, name, cancellationToken).ConfigureAwait(false);
        var wantedTtl = spec.Proxied ? 1 : spec.Ttl;
        var current = existing.FirstOrDefault(r => Same(r, spec, wantedTtl))
            ?? existing.FirstOrDefault(r => SameContent(r, spec))
            ?? (spec.IsMultiValued || existing.Count == 0 ? null : existing[0]);
        if (current is not null)
        {
            return Same(current, spec, wantedTtl) ? current : await PatchAsync(account, zoneId, current.Id, spec, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var created = await SendAsync<CloudflareRecordDto>(account, HttpMethod.Post, $"zones/{zoneId}/dns_records",
                new { type = spec.Type, name, content = spec.Content, ttl = spec.Ttl, proxied = spec.Proxied, comment = spec.Comment }, cancellationToken).ConfigureAwait(false);
            return ToRecord(created);
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.AlreadyExists)
        {
            // A concurrent or lost earlier create (81058 "An identical record already exists"): re-read and converge.
            var again = await ListRecordsAsync(account, zoneId, spec.Type, name, cancellationToken).ConfigureAwait(false);
            return again.FirstOrDefault(r => Same(r, spec, wantedTtl))
                ?? (again.FirstOrDefault(r => SameContent(r, spec)) is { } sameValue
                    ? await PatchAsync(account, zoneId, sameValue.Id, spec, cancellationToken).ConfigureAwait(false)
                    : throw new ProviderException(Provider, ProviderErrorKind.Permanent,
                        $"A conflicting DNS record blocks {spec.Type} {name} (Cloudflare code {e.VendorCode}); remove it or change it by hand.", vendorCode: e.VendorCode, inner: e));
        }
    }

    /// <inheritdoc />
    public async Task DeleteRecordAsync(CloudflareAccount account, string zoneId, string recordId, CancellationToken cancellationToken = default)
    {
        ValidateId(zoneId);
        ValidateId(recordId);
        try
        {
            await SendAsync<JsonElement>(account, HttpMethod.Delete, $"zones/{zoneId}/dns_records/{recordId}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.VendorCode is "81044" or "7003")
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public async Task DeleteZoneAsync(CloudflareAccount account, string zoneId, CancellationToken cancellationToken = default)
    {
        ValidateId(zoneId);
        try
        {
            await SendAsync<JsonElement>(account, HttpMethod.Delete, $"zones/{zoneId}", null, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.VendorCode == "7003")
        {
            // Already gone.
        }
    }

    /// <remarks>
    /// A spec with a comment (the ownership marker) also wants that comment: a record whose marker was removed by hand is
    /// patched back, so the drift fix can keep telling ours from the rest.
    /// </remarks>
    private static bool Same(DnsRecord r, DnsRecordSpec spec, int wantedTtl) =>
        SameContent(r, spec) && r.Proxied == spec.Proxied && r.Ttl == wantedTtl && (spec.Comment is null || string.Equals(r.Comment, spec.Comment, StringComparison.Ordinal));

    private static DnsRecord ToRecord(CloudflareRecordDto r) => new(r.Id, r.Type, r.Name, r.Content, r.Ttl, r.Proxied, r.Comment);

    /// <remarks>
    /// TXT content is compared exactly (tokens are case-sensitive) and without the surrounding quotes Cloudflare may add
    /// when it returns a TXT record; host names and addresses ignore case.
    /// </remarks>
    private static bool SameContent(DnsRecord r, DnsRecordSpec spec) =>
        r.Type.Equals("TXT", StringComparison.OrdinalIgnoreCase)
            ? Unquote(r.Content).Equals(Unquote(spec.Content), StringComparison.Ordinal)
            : r.Content.Equals(spec.Content, StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string s) => s.Length >= 2 && s[0] == '"' && s[^1] == '"' ? s[1..^1] : s;

    private async Task<DnsRecord> PatchAsync(CloudflareAccount account, string zoneId, string recordId, DnsRecordSpec spec, CancellationToken cancellationToken)
    {
        var patched = await SendAsync<CloudflareRecordDto>(account, HttpMethod.Patch, $"zones/{zoneId}/dns_records/{recordId}",
            spec.Comment is null
                ? (object)new { content = spec.Content, ttl = spec.Ttl, proxied = spec.Proxied }
                : new { content = spec.Content, ttl = spec.Ttl, proxied = spec.Proxied, comment = spec.Comment }, cancellationToken).ConfigureAwait(false);
        return ToRecord(patched);
    }

    private static CloudflareZone ToZone(CloudflareZoneDto z, CloudflareAccount account) => new(
        z.Id,
        z.Name,
        z.Status switch
        {
            "active" => ZoneStatus.Active,
            "initializing" => ZoneStatus.Initializing,
            "moved" => ZoneStatus.Moved,
            _ => ZoneStatus.Pending,
        },
        [.. (z.NameServers ?? []).Select(RegistrarNameservers.Normalize)],
        z.Account?.Id ?? account.CloudflareAccountId);

    private static void ValidateId(string id)
    {
        if (id is null || id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, "Cloudflare object ids are 32 lower-case hex characters.");
        }
    }

    private async Task<List<T>> ListAsync<T>(CloudflareAccount account, string path, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        for (var page = 1; ; page++)
        {
            var (items, info) = await SendRawAsync(account, HttpMethod.Get, $"{path}&page={page}", null, cancellationToken).ConfigureAwait(false);
            var list = items.Deserialize<List<T>>() ?? [];
            all.AddRange(list);
            if (list.Count == 0 || info is null || page >= info.TotalPages)
            {
                return all;
            }
        }
    }

    private async Task<T> SendAsync<T>(CloudflareAccount account, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var (result, _) = await SendRawAsync(account, method, path, body, cancellationToken).ConfigureAwait(false);
        return result.Deserialize<T>()!;
    }

    private async Task<(JsonElement Result, CloudflareResultInfo? Info)> SendRawAsync(CloudflareAccount account, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var key = BudgetKey(account);
        await PayAsync(key, cancellationToken).ConfigureAwait(false);
        var token = await secrets.GetAsync(account.ApiTokenSecretName.Value, cancellationToken).ConfigureAwait(false);
        return await metrics.MeasureAsync(Provider, VendorOperation.FromRest(method, path),
            () => ExchangeAsync(account, key, token, method, path, body, cancellationToken)).ConfigureAwait(false);
    }

    private Task PayAsync(string key, CancellationToken cancellationToken) =>
        budget.AcquireAsync(Provider, key, new RateLimitPolicy(_options.RequestsPerWindow, _options.Window + _options.WindowGuard), clock, _options.Http.MaxBudgetWait, cancellationToken);

    private async Task<(JsonElement Result, CloudflareResultInfo? Info)> ExchangeAsync(
        CloudflareAccount account, string key, string token, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Options.Set(VendorResilience.RetryPermit, ct => PayAsync(key, ct));
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
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Cloudflare did not answer {method} {Redact(path)}: {e.GetType().Name}.", inner: e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests && path.EndsWith("activation_check", StringComparison.Ordinal))
            {
                throw new ProviderException(Provider, ProviderErrorKind.Permanent, "Activation check requested too recently.", vendorCode: "1224");
            }

            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMinutes(5);
                await budget.BlockAsync(key, wait, cancellationToken).ConfigureAwait(false);
                Log.RateLimited(logger, account.Id, wait.TotalSeconds);
                throw new ProviderException(Provider, ProviderErrorKind.RateLimited, $"Cloudflare rate limit reached for the account; retry after {wait.TotalSeconds:0} s.", wait, "429");
            }

            CloudflareEnvelope? envelope = null;
            try
            {
                envelope = await response.Content.ReadFromJsonAsync<CloudflareEnvelope>(cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // Not an envelope (e.g. an HTML error page from an edge); classified by status below.
            }

            if (envelope is { Success: true })
            {
                return (envelope.Result, envelope.ResultInfo);
            }

            throw Translate(response.StatusCode, envelope, method, path);
        }
    }

    private static ProviderException Translate(HttpStatusCode status, CloudflareEnvelope? envelope, HttpMethod method, string path)
    {
        var first = envelope is { Errors.Count: > 0 } ? envelope.Errors[0] : null;
        var code = first?.Code;
        var text = first?.Message is { } m ? Truncate(m) : $"HTTP {(int)status}";
        var codeText = code?.ToString(CultureInfo.InvariantCulture);
        var where = $"{method} {Redact(path)}";
        return code switch
        {
            1061 or 81057 or 81058 or 81053 or 81054 => new ProviderException(Provider, ProviderErrorKind.AlreadyExists, $"Cloudflare: {text} ({code}).", vendorCode: codeText),
            9109 or 10000 or 1001 => new ProviderException(Provider, ProviderErrorKind.Permanent,
                $"Cloudflare rejected the API token ({code}: {text}); check the token and its Zone:Edit/DNS:Edit permissions.", vendorCode: codeText),
            1099 or 1049 or 1002 or 1003 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Cloudflare does not accept the domain ({code}: {text}).", vendorCode: codeText),
            1104 or 1105 or 1106 => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Cloudflare refused the zone ({code}: {text}).", vendorCode: codeText),
            1052 => new ProviderException(Provider, ProviderErrorKind.Transient, $"Cloudflare server error on {where} ({code}).", vendorCode: codeText),
            _ when (int)status >= 500 || status == HttpStatusCode.RequestTimeout => new ProviderException(Provider, ProviderErrorKind.Transient, $"Cloudflare answered {(int)status} to {where}.", vendorCode: codeText),
            _ => new ProviderException(Provider, ProviderErrorKind.Permanent, $"Cloudflare refused {where}: {text}" + (code is null ? "." : $" ({code})."), vendorCode: codeText),
        };
    }

    private static string Redact(string path) => path.Split('?')[0];

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300];

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Cloudflare zone {Zone} created with id {ZoneId}")]
        public static partial void ZoneCreated(ILogger logger, string zone, string zoneId);

        [LoggerMessage(2, LogLevel.Warning, "Cloudflare rate limit hit for account {AccountId}; blocked for {Seconds} s")]
        public static partial void RateLimited(ILogger logger, Guid accountId, double seconds);
    }
}
