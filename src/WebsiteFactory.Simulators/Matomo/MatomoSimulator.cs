using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Matomo;

/// <summary>
/// Matomo reporting API at <c>/matomo/index.php?module=API</c>: JSON renderer shapes (<c>{"value":..}</c>,
/// <c>{"result":"error","message":..}</c> with HTTP 200), token accepted in the POST body only.
/// </summary>
internal static class MatomoSimulator
{
    public static void Map(IEndpointRouteBuilder app, MatomoState state, SimulatorOptions options, TimeProvider clock, Chaos chaos)
    {
        app.Map("/matomo/index.php", async (HttpContext http) =>
        {
            var fault = await chaos.BeforeRequestAsync(http.Request.Method, http.RequestAborted);
            if (fault == Chaos.Fault.Reset)
            {
                http.Abort();
                return Results.Empty;
            }

            if (fault is Chaos.Fault.ServerError or Chaos.Fault.Timeout)
            {
                return Results.Text("<h1>Service Unavailable</h1>", "text/html", statusCode: fault == Chaos.Fault.Timeout ? 504 : 503);
            }

            var q = http.Request.Query;
            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            string? Get(string name) => form?[name].FirstOrDefault() ?? q[name].FirstOrDefault();
            string[] GetAll(string name) => [.. (form?[name] ?? default).Concat(q[name]).Where(s => s is not null).Select(s => s!)];

            if (Get("module") != "API")
            {
                return Results.Text("<html>Matomo</html>", "text/html");
            }

            if (state.TakeFailure(Get("method")))
            {
                return Results.Text("<h1>Service Unavailable</h1>", "text/html", statusCode: 503);
            }

            var token = form?["token_auth"].FirstOrDefault();
            if (token != options.Matomo.TokenAuth)
            {
                return Error(q.ContainsKey("token_auth")
                    ? "Unable to authenticate with the provided token. It is either invalid, expired or is required to be sent as a POST parameter."
                    : "You can't access this resource as it requires 'view' access for the website id = 1.");
            }

            return Get("method") switch
            {
                "SitesManager.addSite" => AddSite(state, options, clock, Get("siteName"), GetAll("urls[]").Length > 0 ? GetAll("urls[]") : (Get("urls") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
                "SitesManager.getSitesIdFromSiteUrl" => FindSites(state, Get("url")),
                "SitesManager.getSiteFromId" => GetSite(state, Get("idSite")),
                "SitesManager.deleteSite" => DeleteSite(state, Get("idSite")),
                "SitesManager.getSitesWithAdminAccess" or "SitesManager.getAllSites" => ListSites(state, Get("limit"), Get("filter_limit")),
                "VisitsSummary.get" => Visits(state, options, clock, Get("idSite"), Get("period"), Get("date")),
                var m => Error($"The method '{m}' does not exist or is not available in the module 'API'."),
            };
        });
    }

    /// <summary>Matomo's <c>{"result":"error","message":...}</c> for an answer no handler wrote (e.g. a path other than <c>index.php</c>).</summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status) => Results.Json(new
    {
        result = "error",
        message = status == 404 ? $"The path {http.Request.Path} does not exist; the API answers at index.php?module=API." : ReasonPhrases.GetReasonPhrase(status),
    }, Json.Options, statusCode: status);

    private static IResult AddSite(MatomoState state, SimulatorOptions options, TimeProvider clock, string? name, string[] urls)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Error("Please specify a value for 'siteName'.");
        }

        if (urls.Length == 0 || urls.Any(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https")))
        {
            return Error("The url is not a valid URL.");
        }

        var id = state.AddSite(name, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-Math.Max(0, options.Matomo.HistoryDays)), urls);
        return state.TakeLostAddSiteAnswer()
            ? Results.Text("<h1>504 Gateway Time-out</h1>", "text/html", statusCode: 504)
            : Results.Json(new { value = id }, Json.Options);
    }

    private static IResult FindSites(MatomoState state, string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var uri))
        {
            return Error("The url is not a valid URL.");
        }

        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        var rest = uri.PathAndQuery == "/" ? string.Empty : uri.PathAndQuery;
        var variants = new[] { url.TrimEnd('/'), $"http://{host}{rest}", $"https://{host}{rest}", $"http://www.{host}{rest}", $"https://www.{host}{rest}" };
        lock (state.Sync)
        {
            var ids = state.Sites.Where(s => s.Urls.Any(u => variants.Contains(u, StringComparer.OrdinalIgnoreCase)))
                .Select(s => new { idsite = s.Id.ToString(CultureInfo.InvariantCulture) }).ToList();
            return Results.Json(ids, Json.Options);
        }
    }

    private static IResult GetSite(MatomoState state, string? idSite)
    {
        lock (state.Sync)
        {
            var site = int.TryParse(idSite, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Sites.FirstOrDefault(s => s.Id == id) : null;
            return site is null
                ? Error($"website id = {idSite} not found")
                : Results.Json(new
                {
                    idsite = site.Id.ToString(CultureInfo.InvariantCulture),
                    name = site.Name,
                    main_url = site.Urls[0],
                    ts_created = site.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00",
                    timezone = "UTC",
                    currency = "USD",
                    type = "website",
                }, Json.Options);
        }
    }

    /// <summary>
    /// <c>getSitesWithAdminAccess</c> / <c>getAllSites</c>: every site as Matomo 5 renders it (ids as numbers), ordered by id;
    /// <c>limit</c> (the method's own parameter) or <c>filter_limit</c> (the API's generic one, <c>-1</c> = all) cut the list.
    /// </summary>
    private static IResult ListSites(MatomoState state, string? limit, string? filterLimit)
    {
        var max = int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? l
            : int.TryParse(filterLimit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var f) && f >= 0 ? f
            : int.MaxValue;
        lock (state.Sync)
        {
            var sites = state.Sites.OrderBy(s => s.Id).Take(max).Select(site => new
            {
                idsite = site.Id,
                name = site.Name,
                main_url = site.Urls[0],
                ts_created = site.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00",
                timezone = "UTC",
                currency = "USD",
                type = "website",
            }).ToList();
            return Results.Json(sites, Json.Options);
        }
    }

    private static IResult DeleteSite(MatomoState state, string? idSite)
    {
        lock (state.Sync)
        {
            var site = int.TryParse(idSite, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Sites.FirstOrDefault(s => s.Id == id) : null;
            if (site is null)
            {
                return Error($"website id = {idSite} not found");
            }

            if (state.Sites.Count == 1)
            {
                return Error("It is not possible to delete this website as it is the only registered website.");
            }

            state.Sites.Remove(site);
            return Results.Json(new { result = "success", message = "ok" }, Json.Options);
        }
    }

    private static IResult Visits(MatomoState state, SimulatorOptions options, TimeProvider clock, string? idSite, string? period, string? date)
    {
        MatomoState.SimSite? site;
        lock (state.Sync)
        {
            site = int.TryParse(idSite, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Sites.FirstOrDefault(s => s.Id == id) : null;
        }

        if (site is null)
        {
            return Error($"website id = {idSite} not found");
        }

        if (period != "day")
        {
            return Error("The simulator supports period=day only.");
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (string.IsNullOrEmpty(date))
        {
            return Error("Parameter 'date' missing.");
        }

        object Row(DateOnly d)
        {
            if (d < site.Created || d > today)
            {
                return Array.Empty<object>();
            }

            var visits = MatomoState.SimulatedVisits(site.Id, d, options.Matomo.MaxDailyVisits);
            var actions = visits * 2 + (visits % 7);
            var bounces = visits * 45 / 100;
            return new Dictionary<string, object>
            {
                ["nb_uniq_visitors"] = visits * 9 / 10,
                ["nb_users"] = 0,
                ["nb_visits"] = visits,
                ["nb_actions"] = actions,
                ["nb_visits_converted"] = 0,
                ["bounce_count"] = bounces,
                ["sum_visit_length"] = visits * 95,
                ["max_actions"] = visits == 0 ? 0 : 12,
                ["bounce_rate"] = visits == 0 ? "0%" : $"{bounces * 100 / visits}%",
                ["nb_actions_per_visit"] = visits == 0 ? 0 : Math.Round((double)actions / visits, 1),
                ["avg_time_on_site"] = visits == 0 ? 0 : 95,
            };
        }

        if (date is "today" or "yesterday" || !date.Contains(',', StringComparison.Ordinal) && !date.StartsWith("last", StringComparison.Ordinal))
        {
            DateOnly d;
            if (date == "today")
            {
                d = today;
            }
            else if (date == "yesterday")
            {
                d = today.AddDays(-1);
            }
            else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d))
            {
                return Error($"Date format must be: YYYY-MM-DD, or 'today' or 'yesterday' or any keyword supported by the strtotime function. Got: {date}");
            }

            return Results.Json(Row(d), Json.Options);
        }

        DateOnly from, to;
        if (date.StartsWith("last", StringComparison.Ordinal) && int.TryParse(date.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 3650)
        {
            to = today;
            from = today.AddDays(1 - n);
        }
        else
        {
            var parts = date.Split(',');
            if (parts.Length != 2
                || !DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
                || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to)
                || to < from)
            {
                return Error($"The date '{date}' is not a correct date range.");
            }
        }

        var result = new SortedDictionary<string, object>(StringComparer.Ordinal);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            result[d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = Row(d);
        }

        return Results.Json(result, Json.Options);
    }

    private static IResult Error(string message) =>
        Results.Json(new { result = "error", message = message.Replace('\n', ' ') }, Json.Options);
}
