using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Directus;

/// <summary>
/// <see cref="IContentStore"/> on the Directus REST API with a static token. Pages of all sites share one collection,
/// keyed by <c>site_id</c>; every read filters by it.
/// </summary>
/// <remarks>
/// Upsert = read by (site_id, slug) with a filter (a filter never answers FORBIDDEN, unlike a read by id of a missing
/// item), then PATCH when found and different, or POST with the deterministic id. A concurrent create loses with
/// <c>RECORD_NOT_UNIQUE</c> and becomes a PATCH. Re-running never duplicates.
/// </remarks>
public sealed partial class DirectusContentStore : IContentStore
{
    private const string PageFields = "id,site_id,slug,title,meta_description,body,faq,sort,content_hash,generation";
    private readonly HttpClient _http;
    private readonly DirectusOptions _options;
    private readonly ISecretStore _secrets;
    private readonly ILogger<DirectusContentStore> _logger;

    /// <summary>Creates the store (typed <see cref="HttpClient"/>; base address from options).</summary>
    public DirectusContentStore(HttpClient http, IOptions<DirectusOptions> options, ISecretStore secrets, ILogger<DirectusContentStore> logger)
    {
        _http = http;
        _options = options.Value;
        _secrets = secrets;
        _logger = logger;
    }

    private string Collection => _options.PagesCollection;

    /// <inheritdoc />
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"fields/{Collection}", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            var existing = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in Data(body).EnumerateArray())
            {
                existing.Add(f.GetProperty("field").GetString()!);
            }

            foreach (var field in DirectusSchema.Fields())
            {
                var name = field["field"]!.GetValue<string>();
                if (!existing.Contains(name))
                {
                    await SendCheckedAsync(HttpMethod.Post, $"fields/{Collection}", field, "create field", cancellationToken).ConfigureAwait(false);
                    Log.FieldCreated(_logger, Collection, name);
                }
            }

            return;
        }

        // Unknown collection: Directus answers 403 FORBIDDEN (not 404) so as not to reveal what exists.
        if (status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound) || DirectusError.Read(body).Code is not ("FORBIDDEN" or "ROUTE_NOT_FOUND" or null))
        {
            throw DirectusError.ToException(status, body, "schema read");
        }

        var (createStatus, createBody) = await SendAsync(HttpMethod.Post, "collections", DirectusSchema.Collection(Collection), cancellationToken).ConfigureAwait(false);
        if (createStatus is HttpStatusCode.OK or HttpStatusCode.NoContent)
        {
            Log.CollectionCreated(_logger, Collection);
            return;
        }

        // Another worker created it first.
        if (DirectusError.Read(createBody).Code is "INVALID_PAYLOAD" && createBody.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        throw DirectusError.ToException(createStatus, createBody, "collection create (a token with admin rights is needed for the schema)");
    }

    /// <inheritdoc />
    public async Task<ContentUpsertOutcome> UpsertPageAsync(Guid siteId, GeneratedPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        ContentSlug.Validate(page.Slug, nameof(page));
        var item = ToItem(siteId, page);
        var hash = item["content_hash"]!.GetValue<string>();

        var existing = await FindAsync(siteId, page.Slug, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var id = DeterministicId.ForPage(siteId, page.Slug);
            item["id"] = id.ToString("D");
            var (status, body) = await SendAsync(HttpMethod.Post, $"items/{Collection}", item, cancellationToken).ConfigureAwait(false);
            if (status is HttpStatusCode.OK or HttpStatusCode.NoContent)
            {
                return ContentUpsertOutcome.Created;
            }

            var error = DirectusError.ToException(status, body, "page create");
            if (error.Kind != ProviderErrorKind.AlreadyExists)
            {
                throw error;
            }

            // Lost a race with another run of the same step: the item exists now, so update it.
            item.Remove("id");
            await SendCheckedAsync(HttpMethod.Patch, $"items/{Collection}/{id:D}", item, "page update", cancellationToken).ConfigureAwait(false);
            return ContentUpsertOutcome.Updated;
        }

        if (string.Equals(existing.Value.Hash, hash, StringComparison.Ordinal))
        {
            return ContentUpsertOutcome.Unchanged;
        }

        await SendCheckedAsync(HttpMethod.Patch, $"items/{Collection}/{Uri.EscapeDataString(existing.Value.Id)}", item, "page update", cancellationToken).ConfigureAwait(false);
        return ContentUpsertOutcome.Updated;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<GeneratedPage>> GetPagesAsync(Guid siteId, CancellationToken cancellationToken = default)
    {
        var path = $"items/{Collection}?filter[site_id][_eq]={siteId:D}&sort=sort,slug&limit=-1&fields={PageFields}";
        var body = await SendCheckedAsync(HttpMethod.Get, path, null, "page list", cancellationToken).ConfigureAwait(false);
        var pages = new List<GeneratedPage>();
        foreach (var e in Data(body).EnumerateArray())
        {
            // Defence in depth: never hand another tenant's page to a build, whatever the server returned.
            if (!Guid.TryParse(Str(e, "site_id"), out var owner) || owner != siteId)
            {
                continue;
            }

            pages.Add(FromItem(e));
        }

        return pages;
    }

    private async Task<(string Id, string? Hash)?> FindAsync(Guid siteId, string slug, CancellationToken cancellationToken)
    {
        var path = $"items/{Collection}?filter[site_id][_eq]={siteId:D}&filter[slug][_eq]={Uri.EscapeDataString(slug)}&limit=1&fields=id,content_hash";
        var body = await SendCheckedAsync(HttpMethod.Get, path, null, "page lookup", cancellationToken).ConfigureAwait(false);
        var data = Data(body);
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return null;
        }

        var first = data[0];
        return (Str(first, "id") ?? throw new ProviderException(DirectusError.Provider, ProviderErrorKind.Permanent, "Directus returned a page without id."), Str(first, "content_hash"));
    }

    private static JsonObject ToItem(Guid siteId, GeneratedPage page)
    {
        var faq = new JsonArray();
        foreach (var f in page.Faq)
        {
            faq.Add(new JsonObject { ["question"] = f.Question, ["answer"] = f.Answer });
        }

        var item = new JsonObject
        {
            ["site_id"] = siteId.ToString("D"),
            ["slug"] = page.Slug,
            ["title"] = page.Title,
            ["meta_description"] = page.MetaDescription,
            ["body"] = page.BodyMarkdown,
            ["faq"] = faq,
            ["sort"] = page.Sort,
        };
        if (page.Generation is not null)
        {
            item["generation"] = page.Generation;
        }

        item["content_hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.ToJsonString())));
        return item;
    }

    private static GeneratedPage FromItem(JsonElement e)
    {
        var faq = new List<FaqItem>();
        if (e.TryGetProperty("faq", out var f) && f.ValueKind == JsonValueKind.Array)
        {
            foreach (var q in f.EnumerateArray())
            {
                if (q.ValueKind == JsonValueKind.Object && Str(q, "question") is { } question && Str(q, "answer") is { } answer)
                {
                    faq.Add(new FaqItem(question, answer));
                }
            }
        }

        return new GeneratedPage
        {
            Slug = Str(e, "slug") ?? string.Empty,
            Title = Str(e, "title") ?? string.Empty,
            MetaDescription = Str(e, "meta_description") ?? string.Empty,
            BodyMarkdown = Str(e, "body") ?? string.Empty,
            Faq = faq,
            Sort = e.TryGetProperty("sort", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0,
            Generation = Str(e, "generation"),
        };
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement Data(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("data", out var data) ? data.Clone() : default;
        }
        catch (JsonException ex)
        {
            throw new ProviderException(DirectusError.Provider, ProviderErrorKind.Transient, "Directus returned a body that is not JSON.", inner: ex);
        }
    }

    private async Task<string> SendCheckedAsync(HttpMethod method, string path, JsonNode? payload, string what, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync(method, path, payload, cancellationToken).ConfigureAwait(false);
        return (int)status is >= 200 and < 300 ? body : throw DirectusError.ToException(status, body, what);
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, JsonNode? payload, CancellationToken cancellationToken)
    {
        var token = await _secrets.GetAsync(_options.TokenSecretName, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (payload is not null)
        {
            request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException(DirectusError.Provider, ProviderErrorKind.Transient, $"Directus is unreachable: {ex.Message}", inner: ex);
        }
        catch (Exception ex) when ((ex is TimeoutException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(ex, cancellationToken))
        {
            throw new ProviderException(DirectusError.Provider, ProviderErrorKind.Transient, $"Directus request timed out or was refused by the circuit breaker ({ex.GetType().Name}).", inner: ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Created Directus collection {Collection}")]
        public static partial void CollectionCreated(ILogger logger, string collection);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Created Directus field {Collection}.{Field}")]
        public static partial void FieldCreated(ILogger logger, string collection, string field);
    }
}
