using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>POST /api/sites/import</c>: CSV or JSON rows, validated as a whole and created all or nothing.</summary>
public static partial class SitesApi
{
    /// <summary>The result of a successful import.</summary>
    /// <param name="Created">How many sites were created.</param>
    /// <param name="Sites">The created sites.</param>
    public sealed record ImportResult(int Created, IReadOnlyList<SiteDto> Sites);

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

    /// <summary><c>POST /api/sites/import</c>: <c>text/csv</c> with a header row or <c>application/json</c> (an array, or <c>{sites:[…]}</c>); 400 lists every bad row and nothing is created.</summary>
    [ApiRoute("POST", "/api/sites/import", ApiScope.Operate, ApiRateLimit.Write)]
    public static async Task<IResult> ImportAsync(HttpContext ctx, ISiteRepository sites, IOptions<ApiOptions> options)
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
}
