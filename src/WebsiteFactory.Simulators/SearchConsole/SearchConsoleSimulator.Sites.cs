using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.SearchConsole;

/// <summary>Search Console API v3: sites.add/list and searchAnalytics.query (per-user QPM quota).</summary>
public sealed partial class SearchConsoleSimulator
{
    private IResult AddSite(HttpContext http, string siteUrl)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        lock (_lock)
        {
            var domain = siteUrl.StartsWith("sc-domain:", StringComparison.Ordinal) ? siteUrl[10..] : null;
            if (domain is null || !_verified.Contains((user, domain)))
            {
                return GoogleError(403, "PERMISSION_DENIED", "forbidden", $"User does not have sufficient permission for site '{siteUrl}'. See also: https://support.google.com/webmasters/answer/2451999.");
            }

            _properties.TryAdd((user, siteUrl), DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime).AddDays(-Math.Max(0, _options.HistoryDays)));
            return Results.NoContent();
        }
    }

    private IResult ListSites(HttpContext http)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        lock (_lock)
        {
            var entries = new JsonArray();
            foreach (var ((u, url), _) in _properties)
            {
                if (u == user)
                {
                    entries.Add(new JsonObject { ["siteUrl"] = url, ["permissionLevel"] = "siteOwner" });
                }
            }

            return Results.Json(new JsonObject { ["siteEntry"] = entries });
        }
    }

    private async Task<IResult> QueryAsync(HttpContext http, string siteUrl)
    {
        if (User(http) is not { } user)
        {
            return Unauthenticated();
        }

        var body = await ReadAsync(http);
        var now = _clock.GetUtcNow();
        DateOnly dataFrom;
        lock (_lock)
        {
            var window = _queries.TryGetValue(user, out var q) ? q : _queries[user] = new Queue<DateTimeOffset>();
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
            {
                window.Dequeue();
            }

            if (window.Count >= _options.QueriesPerMinutePerUser)
            {
                http.Response.Headers.RetryAfter = "60";
                return GoogleError(429, "RESOURCE_EXHAUSTED", "rateLimitExceeded", "Search Analytics load quota exceeded (queries per minute per user).");
            }

            window.Enqueue(now);
            if (!_properties.TryGetValue((user, siteUrl), out dataFrom))
            {
                return GoogleError(403, "PERMISSION_DENIED", "forbidden", $"User does not have sufficient permission for site '{siteUrl}'.");
            }
        }

        if (!DateOnly.TryParseExact(body?["startDate"]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(body?["endDate"]?.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || end < start)
        {
            return GoogleError(400, "INVALID_ARGUMENT", "invalidParameter", "startDate and endDate (YYYY-MM-DD, start <= end) are required.");
        }

        var dims = body?["dimensions"] as JsonArray;
        var byDate = dims is { Count: 1 } && dims[0]?.GetValue<string>() == "date";
        var rowLimit = body?["rowLimit"]?.GetValue<int>() ?? 1000;
        var startRow = body?["startRow"]?.GetValue<int>() ?? 0;
        var lastWithData = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-_options.DataDelayDays - 1);
        var rows = new JsonArray();
        long totalClicks = 0, totalImpressions = 0;
        for (var d = start < dataFrom ? dataFrom : start; d <= end && d <= lastWithData; d = d.AddDays(1))
        {
            var (clicks, impressions) = FiguresFor(siteUrl, d);
            totalClicks += clicks;
            totalImpressions += impressions;
            if (byDate)
            {
                rows.Add(Row(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clicks, impressions));
            }
        }

        if (!byDate && totalImpressions > 0)
        {
            rows.Add(Row(null, totalClicks, totalImpressions));
        }

        var page = rows.Skip(startRow).Take(rowLimit).Select(r => r!.DeepClone()).ToArray();
        var response = new JsonObject { ["responseAggregationType"] = "byProperty" };
        if (page.Length > 0)
        {
            // Like Google: the key is absent, not an empty array, when there is no data.
            response["rows"] = new JsonArray(page);
        }

        return Results.Json(response);
    }

    private static JsonObject Row(string? key, long clicks, long impressions)
    {
        var row = new JsonObject
        {
            ["clicks"] = clicks,
            ["impressions"] = impressions,
            ["ctr"] = impressions == 0 ? 0 : Math.Round((double)clicks / impressions, 4),
            ["position"] = 12.3,
        };
        if (key is not null)
        {
            row["keys"] = new JsonArray(key);
        }

        return row;
    }
}
