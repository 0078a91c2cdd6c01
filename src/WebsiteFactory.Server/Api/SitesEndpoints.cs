using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Hosting;
using WebsiteFactory.Server.Problems;

namespace WebsiteFactory.Server.Api;

/// <summary><c>/api/sites</c>: list with filters and paging, create, import (CSV/JSON, all-or-nothing), get, update, delete, events.</summary>
public static class SitesEndpoints
{
    /// <summary>A page of sites.</summary>
    /// <param name="Items">The sites.</param>
    /// <param name="TotalCount">How many match the filter.</param>
    /// <param name="Offset">The offset of the first item.</param>
    /// <param name="Limit">The page size.</param>
    /// <param name="HasMore">Whether more pages follow.</param>
    public sealed record SitePage(IReadOnlyList<SiteDto> Items, long TotalCount, int Offset, int Limit, bool HasMore);

    /// <summary>The result of a successful import.</summary>
    /// <param name="Created">How many sites were created.</param>
    /// <param name="Sites">The created sites.</param>
    public sealed record ImportResult(int Created, IReadOnlyList<SiteDto> Sites);

    /// <summary>A site event (audit trail).</summary>
    /// <param name="Id">The event id (increasing).</param>
    /// <param name="SiteId">The site.</param>
    /// <param name="Step">The step.</param>
    /// <param name="Outcome">What happened.</param>
    /// <param name="Message">Details (redacted).</param>
    /// <param name="Actor">Who or what did it.</param>
    /// <param name="At">When.</param>
    public sealed record SiteEventDto(long Id, Guid SiteId, SiteStep Step, StepOutcome Outcome, string? Message, string Actor, DateTimeOffset At)
    {
        /// <summary>Maps an event.</summary>
        /// <param name="e">The event.</param>
        /// <returns>The DTO.</returns>
        public static SiteEventDto From(SiteEvent e) => new(e.Id, e.SiteId, e.Step, e.Outcome, SecretRedactor.Redact(e.Message), e.Actor, e.At);
    }

    private static readonly Dictionary<string, string> ImportColumns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["domain"] = "domain",
        ["cloudflare_account"] = "cloudflare_account",
        ["registrar_account"] = "registrar_account",
        ["server"] = "server",
        ["gsc_account"] = "gsc_account",
        ["brand"] = "brand",
        ["niche"] = "niche",
        ["language"] = "language",
    };

    /// <summary>Maps the routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapSitesEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/sites").WithTags("Sites");
        g.MapGet("/", ListAsync).RequireAuthorization(AuthPolicies.Read);
        g.MapGet("/summary", async (ISiteRepository sites, CancellationToken ct) =>
            TypedResults.Ok((await sites.CountByProgressAsync(ct)).ToDictionary(kv => QueryValues.Snake(kv.Key.ToString()), kv => kv.Value)))
            .RequireAuthorization(AuthPolicies.Read);
        g.MapPost("/", CreateAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapPost("/import", ImportAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapGet("/{site}", async (string site, ISiteRepository sites, CancellationToken ct) =>
        {
            var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
            return problem ?? TypedResults.Ok(SiteDto.From(found!));
        }).RequireAuthorization(AuthPolicies.Read);
        g.MapPut("/{site}", UpdateAsync).RequireAuthorization(AuthPolicies.Operate).RequireRateLimiting(RateLimits.Write);
        g.MapDelete("/{site}", async (string site, ISiteRepository sites, CancellationToken ct) =>
        {
            var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
            if (problem is not null)
            {
                return problem;
            }

            await sites.DeleteAsync(found!.Id, ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(AuthPolicies.Admin).RequireRateLimiting(RateLimits.Write);
        g.MapGet("/{site}/events", EventsAsync).RequireAuthorization(AuthPolicies.Read);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ISiteRepository sites, CancellationToken ct)
    {
        var q = new QueryValues(request.Query);
        var query = new SiteQuery
        {
            Progress = q.Enum<SiteProgressFilter>("progress") ?? SiteProgressFilter.Any,
            Search = q.Text("search"),
            StatusDns = q.Enum<DnsStatus>("status_dns"),
            StatusHosting = q.Enum<HostingStatus>("status_hosting"),
            StatusContent = q.Enum<ContentStatus>("status_content"),
            StatusDeployment = q.Enum<DeploymentStatus>("status_deployment"),
            GscVerificationStatus = q.Enum<GscVerificationStatus>("gsc_verification_status"),
            CloudflareAccountId = q.Id("cloudflare_account_id"),
            RegistrarAccountId = q.Id("registrar_account_id"),
            ServerId = q.Id("server_id"),
            GscAccountId = q.Id("gsc_account_id"),
            OrderBy = q.Enum<SiteSortOrder>("order_by") ?? SiteSortOrder.Domain,
            Descending = q.Bool("descending"),
            Offset = q.Number("offset", 0),
            Limit = q.Number("limit", 50),
        };
        var errors = q.Errors.Concat(query.Validate()).ToList();
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var page = await sites.ListAsync(query, ct);
        return TypedResults.Ok(new SitePage([.. page.Items.Select(SiteDto.From)], page.TotalCount, page.Offset, page.Limit, page.HasMore));
    }

    private static async Task<IResult> CreateAsync(HttpContext ctx, ISiteRepository sites)
    {
        var (body, problem) = await ApiBody.ReadAsync<SiteRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<FieldError>();
        DomainName? domain = null;
        if (!DomainName.TryParse(body!.Domain, out domain, out var domainError))
        {
            errors.Add(new FieldError("domain", domainError));
        }

        var candidate = new NewSite
        {
            Domain = domain ?? DomainName.Parse("example.com", System.Globalization.CultureInfo.InvariantCulture),
            Id = Guid.CreateVersion7(),
            CloudflareAccountId = body.CloudflareAccountId,
            RegistrarAccountId = body.RegistrarAccountId,
            ServerId = body.ServerId,
            GscAccountId = body.GscAccountId,
            Brand = body.Brand,
            Niche = body.Niche,
            Language = body.Language ?? "en",
        };
        errors.AddRange(candidate.Validate());
        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var site = await sites.CreateAsync(candidate, Actor(ctx), ctx.RequestAborted);
        return TypedResults.Created($"/api/sites/{site.Domain}", SiteDto.From(site));
    }

    private static async Task<IResult> UpdateAsync(HttpContext ctx, string site, ISiteRepository sites)
    {
        var (found, notFound) = await SiteLocator.FindAsync(sites, site, ctx.RequestAborted);
        if (notFound is not null)
        {
            return notFound;
        }

        var (body, problem) = await ApiBody.ReadAsync<SiteRequest>(ctx.Request);
        if (problem is not null)
        {
            return problem;
        }

        var edit = new SiteEdit
        {
            CloudflareAccountId = body!.CloudflareAccountId,
            RegistrarAccountId = body.RegistrarAccountId,
            ServerId = body.ServerId,
            GscAccountId = body.GscAccountId,
            Brand = body.Brand,
            Niche = body.Niche,
            Language = body.Language ?? "en",
        };
        var errors = edit.Validate().ToList();
        if (body.Domain is not null && (!DomainName.TryParse(body.Domain, out var d, out _) || d != found!.Domain))
        {
            errors.Add(new FieldError("domain", "The domain of a site cannot be changed; delete it and create a new one."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var updated = await sites.UpdateAsync(found!.Id, edit, Actor(ctx), ctx.RequestAborted);
        return TypedResults.Ok(SiteDto.From(updated));
    }

    private static async Task<IResult> ImportAsync(HttpContext ctx, ISiteRepository sites, IOptions<ServerOptions> options)
    {
        var limits = options.Value;
        if (ctx.Request.ContentLength > limits.MaxImportBytes)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "Import too large", $"An import may be at most {limits.MaxImportBytes:N0} bytes.");
        }

        var mediaType = ctx.Request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        List<SiteImportRow>? rows;
        IResult? problem;
        using (var reader = new StreamReader(ctx.Request.Body))
        {
            var buffer = new char[limits.MaxImportBytes + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ctx.RequestAborted);
            if (read > limits.MaxImportBytes)
            {
                return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "Import too large", $"An import may be at most {limits.MaxImportBytes:N0} bytes.");
            }

            var text = new string(buffer, 0, read);
            (rows, problem) = mediaType switch
            {
                "text/csv" or "application/csv" => FromCsv(text),
                "application/json" => FromJson(text),
                _ => (null, ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Send text/csv (with a header row) or application/json (an array of rows).")),
            };
        }

        if (problem is not null)
        {
            return problem;
        }

        if (rows!.Count == 0)
        {
            return ApiProblems.Validation("rows", "The import holds no rows.");
        }

        if (rows.Count > limits.MaxImportRows)
        {
            return ApiProblems.Validation("rows", $"An import may hold at most {limits.MaxImportRows} rows.");
        }

        var result = await sites.ImportAsync(rows, Actor(ctx), ctx.RequestAborted);
        if (!result.Succeeded)
        {
            var errors = result.Errors.Select(e => new FieldError($"rows[{e.RowNumber}].{e.Field}", e.Message));
            return ApiProblems.Validation(errors, $"{result.Errors.Count} error(s) in {result.Errors.Select(e => e.RowNumber).Distinct().Count()} row(s); nothing was imported.");
        }

        return TypedResults.Created("/api/sites", new ImportResult(result.Created.Count, [.. result.Created.Select(SiteDto.From)]));
    }

    private static (List<SiteImportRow>?, IResult?) FromCsv(string text)
    {
        var table = CsvTable.Parse(text, out var error);
        if (table is null)
        {
            return (null, ApiProblems.Validation("body", error!));
        }

        if (table.Count == 0)
        {
            return ([], null);
        }

        var header = table[0];
        var unknown = header.Where(h => !ImportColumns.ContainsKey(h)).ToList();
        var errors = new List<FieldError>();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError("header", $"Unknown column(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ImportColumns.Keys)}."));
        }

        if (!header.Contains("domain", StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError("header", "The header row must have a 'domain' column."));
        }

        if (errors.Count > 0)
        {
            return (null, ApiProblems.Validation(errors));
        }

        var rows = new List<SiteImportRow>();
        for (var i = 1; i < table.Count; i++)
        {
            var cells = table[i];
            if (cells.Length != header.Length)
            {
                errors.Add(new FieldError($"rows[{i}]", $"Row {i} has {cells.Length} fields; the header has {header.Length}."));
                continue;
            }

            string? Cell(string name)
            {
                var index = Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
                return index < 0 || cells[index].Length == 0 ? null : cells[index];
            }

            rows.Add(ImportRow(i, Cell));
        }

        return errors.Count > 0 ? (null, ApiProblems.Validation(errors, "Malformed CSV rows; nothing was imported.")) : (rows, null);
    }

    private static (List<SiteImportRow>?, IResult?) FromJson(string text)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, ApiProblems.Validation("body", "The body is not valid JSON."));
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("sites", out var inner))
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            return (null, ApiProblems.Validation("body", "Send an array of rows, or an object with a 'sites' array."));
        }

        var rows = new List<SiteImportRow>();
        var errors = new List<FieldError>();
        var n = 0;
        foreach (var item in root.EnumerateArray())
        {
            n++;
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError($"rows[{n}]", "Each row must be an object."));
                continue;
            }

            string? Get(string name)
            {
                if (!item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }

                if (v.ValueKind != JsonValueKind.String)
                {
                    errors.Add(new FieldError($"rows[{n}].{name}", $"{name} must be a string."));
                    return null;
                }

                var s = v.GetString();
                return string.IsNullOrWhiteSpace(s) ? null : s.Trim();
            }

            foreach (var p in item.EnumerateObject())
            {
                if (!ImportColumns.ContainsKey(p.Name))
                {
                    errors.Add(new FieldError($"rows[{n}].{p.Name}", $"Unknown field '{p.Name}'."));
                }
            }

            rows.Add(ImportRow(n, Get));
        }

        return errors.Count > 0 ? (null, ApiProblems.Validation(errors, "Malformed rows; nothing was imported.")) : (rows, null);
    }

    /// <summary>One import row from its named fields (CSV columns or JSON properties, snake_case).</summary>
    private static SiteImportRow ImportRow(int rowNumber, Func<string, string?> field) => new()
    {
        RowNumber = rowNumber,
        Domain = field("domain"),
        CloudflareAccount = field("cloudflare_account"),
        RegistrarAccount = field("registrar_account"),
        Server = field("server"),
        GscAccount = field("gsc_account"),
        Brand = field("brand"),
        Niche = field("niche"),
        Language = field("language"),
    };

    private static async Task<IResult> EventsAsync(string site, HttpRequest request, ISiteRepository sites, ISiteEventLog events, CancellationToken ct)
    {
        var q = new QueryValues(request.Query);
        var limit = q.Number("limit", 100);
        long? before = q.Text("before") is { } b ? (long.TryParse(b, out var v) ? v : null) : null;
        if (limit is < 1 or > 1000)
        {
            q.Errors.Add(new FieldError("limit", "limit must be between 1 and 1000."));
        }

        if (q.Text("before") is not null && before is null)
        {
            q.Errors.Add(new FieldError("before", "before must be an event id."));
        }

        if (q.Errors.Count > 0)
        {
            return ApiProblems.Validation(q.Errors);
        }

        var (found, problem) = await SiteLocator.FindAsync(sites, site, ct);
        if (problem is not null)
        {
            return problem;
        }

        var list = await events.ListForSiteAsync(found!.Id, limit, before, ct);
        return TypedResults.Ok(list.Select(SiteEventDto.From).ToList());
    }

    /// <summary>Who made the change, for the audit trail.</summary>
    /// <param name="ctx">The request.</param>
    /// <returns>The caller's name.</returns>
    internal static string Actor(HttpContext ctx) => ctx.User.Identity?.Name ?? "api";
}
