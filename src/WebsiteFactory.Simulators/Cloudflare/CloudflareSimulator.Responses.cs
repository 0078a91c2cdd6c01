using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>The v4 envelope, the zone and record objects, and the envelope for errors no handler wrote.</summary>
internal static partial class CloudflareSimulator
{
    /// <summary>
    /// The v4 error envelope for an answer routing or body binding produced without a body (unknown route, wrong method,
    /// unreadable JSON). Cloudflare answers an unknown URI with HTTP 400 and code 7000 "No route for that URI"
    /// (observed in client issue reports) and a method a route does not offer with code 10000
    /// "&lt;METHOD&gt; method not allowed for the api_token authentication scheme".
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status) => status switch
    {
        404 => Fail(400, 7000, "No route for that URI"),
        405 => Fail(405, 10000, $"{http.Request.Method} method not allowed for the api_token authentication scheme"),
        400 => Fail(400, 6007, "Malformed JSON in request body"),
        415 => Fail(415, 6003, "Invalid request headers"),
        >= 500 => Fail(status, 1052, "An error has occurred."),
        _ => Fail(status, 10000, ReasonPhrases.GetReasonPhrase(status)),
    };

    private static (int Page, int PerPage) Paging(IQueryCollection q, int defaultPerPage, int maxPerPage)
    {
        var page = int.TryParse(q["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var perPage = int.TryParse(q["per_page"], NumberStyles.None, CultureInfo.InvariantCulture, out var pp) && pp > 0 ? Math.Min(pp, maxPerPage) : defaultPerPage;
        return (page, perPage);
    }

    private static object Info(int page, int perPage, int count, int total) => new
    {
        page,
        per_page = perPage,
        count,
        total_count = total,
        total_pages = Math.Max(1, (total + perPage - 1) / perPage),
    };

    private static object ZoneJson(SimZone z) => new
    {
        id = z.Id,
        name = z.Name,
        status = z.Status,
        type = "full",
        paused = false,
        development_mode = 0,
        name_servers = z.NameServers,
        original_name_servers = z.OriginalNameServers,
        original_registrar = (string?)null,
        original_dnshost = (string?)null,
        account = new { id = z.AccountId, name = z.AccountName },
        owner = new { id = (string?)null, type = "user", email = (string?)null },
        plan = new { id = "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee", name = "Free Website", price = 0, currency = "USD" },
        meta = new { step = 2, phishing_detected = false },
        created_on = Timestamp(z.CreatedOn),
        modified_on = Timestamp(z.ModifiedOn),
        activated_on = z.ActivatedOn is { } activated ? Timestamp(activated) : null,
        vanity_name_servers = Array.Empty<string>(),
    };

    private static object RecordJson(SimZone z, SimRecord r) => new
    {
        id = r.Id,
        zone_id = z.Id,
        zone_name = z.Name,
        name = r.Name,
        type = r.Type,
        content = r.Content,
        proxiable = r.Type is "A" or "AAAA" or "CNAME",
        proxied = r.Proxied,
        ttl = r.Ttl,
        settings = new { },
        comment = r.Comment,
        tags = Array.Empty<string>(),
        meta = new { },
        created_on = Timestamp(r.CreatedOn),
        modified_on = Timestamp(r.ModifiedOn),
    };

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static IResult Ok(object result, object? resultInfo = null) =>
        resultInfo is null
            ? Results.Json(new { success = true, errors = Array.Empty<object>(), messages = Array.Empty<object>(), result }, Json.Options)
            : Results.Json(new { success = true, errors = Array.Empty<object>(), messages = Array.Empty<object>(), result, result_info = resultInfo }, Json.Options);

    internal static IResult Fail(int status, int code, string message) =>
        Results.Json(new { success = false, errors = new[] { new { code, message } }, messages = Array.Empty<object>(), result = (object?)null }, Json.Options, statusCode: status);

    private static string Sanitize(string s) => s.Length > 64 ? s[..64] : s;

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")]
    private static partial Regex HostName();
}
