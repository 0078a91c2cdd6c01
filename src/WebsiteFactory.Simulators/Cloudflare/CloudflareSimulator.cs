using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>Cloudflare API v4 endpoints (zones, DNS records, accounts, token verify) under <c>/cloudflare/client/v4</c>.</summary>
internal static partial class CloudflareSimulator
{
    private static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal) { "A", "AAAA", "CNAME", "TXT", "MX", "NS", "CAA", "SRV" };
    private static readonly HashSet<string> TwoLabelSuffixes = new(StringComparer.OrdinalIgnoreCase) { "co.uk", "org.uk", "com.au", "co.nz", "com.br", "co.jp" };

    public static void Map(IEndpointRouteBuilder app, CloudflareState state, Chaos chaos)
    {
        var g = app.MapGroup("/cloudflare/client/v4");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            state.CountReceived();
            var fault = await chaos.BeforeRequestAsync(http.Request.Method, http.RequestAborted);
            switch (fault)
            {
                case Chaos.Fault.Reset:
                    http.Abort();
                    return Results.Empty;
                case Chaos.Fault.ServerError:
                    return Fail(503, 1052, "An error(-502) has occurred.");
                case Chaos.Fault.Timeout:
                    return Fail(504, 1052, "Gateway timeout.");
            }

            var auth = http.Request.Headers.Authorization.ToString();
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Fail(400, 10000, "Authentication error");
            }

            var token = auth["Bearer ".Length..].Trim();
            if (state.Authenticate(token) is not { } account)
            {
                return Fail(403, 9109, "Invalid access token");
            }

            var (retryAfter, remaining, reset) = state.Meter(token);
            var resetSeconds = (int)Math.Ceiling(reset.TotalSeconds);
            http.Response.Headers["Ratelimit"] = $"\"default\";r={remaining};t={resetSeconds}";
            http.Response.Headers["Ratelimit-Policy"] = $"\"burst\";q={state.Options.RateLimit};w={(int)state.Options.RateWindow.TotalSeconds}";
            if (retryAfter is { } wait)
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Fail(429, 971, "Please wait and consider throttling your request speed");
            }

            http.Items["cf.account"] = account;
            return await next(ctx);
        });

        g.MapGet("/user/tokens/verify", () => Ok(new { id = "sim-token", status = "active" }));
        g.MapGet("/accounts", (HttpContext http) =>
        {
            var (id, name) = Account(http);
            return Ok(new[] { new { id, name, type = "standard", created_on = "2020-01-01T00:00:00Z" } }, Info(1, 20, 1, 1));
        });

        g.MapGet("/zones", (HttpContext http) => ListZones(http, state));
        g.MapPost("/zones", (HttpContext http, JsonElement body) => CreateZone(http, state, body));
        g.MapGet("/zones/{id}", (HttpContext http, string id) => WithZone(http, state, id, z => Ok(ZoneJson(z))));
        g.MapDelete("/zones/{id}", (HttpContext http, string id) => WithZone(http, state, id, z =>
        {
            state.Zones.Remove(z.Id);
            return Ok(new { id = z.Id });
        }));
        g.MapPut("/zones/{id}/activation_check", (HttpContext http, string id) => WithZone(http, state, id, z =>
        {
            var now = state.Clock.GetUtcNow();
            if (z.Status != "pending")
            {
                return Fail(400, 1224, "Zone is not pending; no activation check needed.");
            }

            if (z.LastActivationCheck is { } last && now - last < state.Options.ActivationCheckInterval)
            {
                return Fail(429, 1224, "You may only request an activation check once every 5 minutes.");
            }

            z.LastActivationCheck = now;
            return Ok(new { id = z.Id });
        }));

        g.MapGet("/zones/{id}/dns_records", (HttpContext http, string id) => WithZone(http, state, id, z => ListRecords(http, z)));
        g.MapPost("/zones/{id}/dns_records", (HttpContext http, string id, JsonElement body) => WithZone(http, state, id, z => CreateRecord(state, z, body)));
        g.MapPatch("/zones/{id}/dns_records/{rid}", (HttpContext http, string id, string rid, JsonElement body) => WithZone(http, state, id, z => PatchRecord(state, z, rid, body)));
        g.MapDelete("/zones/{id}/dns_records/{rid}", (HttpContext http, string id, string rid) => WithZone(http, state, id, z =>
        {
            var r = z.Records.FirstOrDefault(x => x.Id == rid);
            if (r is null)
            {
                return Fail(404, 81044, "Record does not exist.");
            }

            z.Records.Remove(r);
            return Ok(new { id = rid });
        }));
    }

    private static (string Id, string Name) Account(HttpContext http) => ((string, string))http.Items["cf.account"]!;

    private static IResult WithZone(HttpContext http, CloudflareState state, string id, Func<SimZone, IResult> action)
    {
        if (!HexId().IsMatch(id))
        {
            return Fail(400, 7003, $"Could not route to /zones/{Sanitize(id)}, perhaps your object identifier is invalid?");
        }

        var (accountId, _) = Account(http);
        lock (state.Sync)
        {
            if (!state.Zones.TryGetValue(id, out var zone) || zone.AccountId != accountId)
            {
                return Fail(404, 7003, $"Could not route to /zones/{id}, perhaps your object identifier is invalid?");
            }

            state.Refresh(zone);
            return action(zone);
        }
    }

    private static IResult ListZones(HttpContext http, CloudflareState state)
    {
        var q = http.Request.Query;
        var (accountId, _) = Account(http);
        var (page, perPage) = Paging(q, 20, 50);
        string? name = q["name"];
        string? filterAccount = q["account.id"];
        string? status = q["status"];
        lock (state.Sync)
        {
            var all = state.Zones.Values
                .Where(z => z.AccountId == accountId)
                .Where(z => filterAccount is null || z.AccountId == filterAccount)
                .Where(z => name is null || z.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                .OrderBy(z => z.Name, StringComparer.Ordinal)
                .ToList();
            all.ForEach(state.Refresh);
            all = [.. all.Where(z => status is null || z.Status == status)];
            var items = all.Skip((page - 1) * perPage).Take(perPage).Select(ZoneJson).ToList();
            return Ok(items, Info(page, perPage, items.Count, all.Count));
        }
    }

    private static IResult CreateZone(HttpContext http, CloudflareState state, JsonElement body)
    {
        var (accountId, accountName) = Account(http);
        var name = body.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim().TrimEnd('.').ToLowerInvariant() : null;
        var requestedAccount = body.TryGetProperty("account", out var a) && a.TryGetProperty("id", out var aid) ? aid.GetString() : null;
        if (string.IsNullOrEmpty(name) || !HostName().IsMatch(name) || name.Length > 253)
        {
            return Fail(400, 1002, "Invalid or missing zone name.");
        }

        if (requestedAccount is not null && requestedAccount != accountId)
        {
            return Fail(403, 10000, "Authentication error");
        }

        var labels = name.Split('.');
        if (labels.Length < 2 || (labels.Length > 2 && !TwoLabelSuffixes.Contains(string.Join('.', labels[^2..]))) || (labels.Length > 3))
        {
            return Fail(400, 1099, $"{name} is not a registered domain");
        }

        lock (state.Sync)
        {
            if (state.Zones.Values.Any(z => z.Name == name))
            {
                return Fail(400, 1061, $"{name} already exists");
            }

            var pending = state.Zones.Values.Where(z => z.AccountId == accountId).Count(z =>
            {
                state.Refresh(z);
                return z.Status == "pending";
            });
            if (pending >= state.Options.PendingZoneCap)
            {
                return Fail(400, 1106, "You have reached the maximum number of pending zones. Activate existing zones before adding more.");
            }

            var now = state.Clock.GetUtcNow();
            var zone = new SimZone
            {
                Id = Guid.NewGuid().ToString("N"),
                Name = name,
                AccountId = accountId,
                AccountName = accountName,
                NameServers = CloudflareState.AssignNameServers(accountId),
                OriginalNameServers = Delegations.NamecheapDefault,
                CreatedOn = now,
                ModifiedOn = now,
            };
            state.Zones[zone.Id] = zone;
            return Ok(ZoneJson(zone));
        }
    }

    private static IResult ListRecords(HttpContext http, SimZone zone)
    {
        var q = http.Request.Query;
        var (page, perPage) = Paging(q, 100, 5000);
        string? type = q["type"];
        string? name = q["name"].FirstOrDefault() ?? q["name.exact"].FirstOrDefault();
        var all = zone.Records
            .Where(r => type is null || r.Type == type)
            .Where(r => name is null || r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(r => RecordJson(zone, r)).ToList();
        return Ok(items, Info(page, perPage, items.Count, all.Count));
    }

    private static IResult CreateRecord(CloudflareState state, SimZone zone, JsonElement body)
    {
        var type = Str(body, "type")?.ToUpperInvariant();
        var content = Str(body, "content");
        var name = Str(body, "name");
        if (type is null || !RecordTypes.Contains(type) || string.IsNullOrEmpty(content) || string.IsNullOrEmpty(name))
        {
            return Fail(400, 1004, "DNS Validation Error");
        }

        name = Qualify(name, zone.Name);
        if (name is null)
        {
            return Fail(400, 1004, "DNS Validation Error: record name is outside the zone.");
        }

        var ttl = body.TryGetProperty("ttl", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 1;
        if (ttl != 1 && (ttl < 60 || ttl > 86400))
        {
            return Fail(400, 1004, "DNS Validation Error: TTL must be between 60 and 86400 seconds, or 1 for automatic.");
        }

        var proxied = body.TryGetProperty("proxied", out var p) && p.ValueKind == JsonValueKind.True;
        var same = zone.Records.Where(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (same.Any(r => r.Type == type && r.Content.Equals(content, StringComparison.OrdinalIgnoreCase)))
        {
            return Fail(400, 81058, "An identical record already exists.");
        }

        if (type == "CNAME" && same.Any(r => r.Type is "A" or "AAAA" or "CNAME"))
        {
            return Fail(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
        }

        if (type is "A" or "AAAA" && same.Any(r => r.Type == "CNAME"))
        {
            return Fail(400, 81054, "A CNAME record with that host already exists.");
        }

        var now = state.Clock.GetUtcNow();
        var record = new SimRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Type = type,
            Name = name,
            Content = content,
            Ttl = proxied ? 1 : ttl,
            Proxied = proxied && type is "A" or "AAAA" or "CNAME",
            Comment = Str(body, "comment"),
            CreatedOn = now,
            ModifiedOn = now,
        };
        zone.Records.Add(record);
        return Ok(RecordJson(zone, record));
    }

    private static IResult PatchRecord(CloudflareState state, SimZone zone, string rid, JsonElement body)
    {
        var r = zone.Records.FirstOrDefault(x => x.Id == rid);
        if (r is null)
        {
            return Fail(404, 81044, "Record does not exist.");
        }

        if (Str(body, "content") is { } c)
        {
            r.Content = c;
        }

        if (body.TryGetProperty("ttl", out var t) && t.ValueKind == JsonValueKind.Number)
        {
            r.Ttl = t.GetInt32();
        }

        if (body.TryGetProperty("proxied", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            r.Proxied = p.GetBoolean();
        }

        if (r.Proxied)
        {
            r.Ttl = 1;
        }

        if (Str(body, "comment") is { } comment)
        {
            r.Comment = comment;
        }

        r.ModifiedOn = state.Clock.GetUtcNow();
        return Ok(RecordJson(zone, r));
    }

    private static string? Qualify(string name, string zone)
    {
        name = name.Trim().TrimEnd('.').ToLowerInvariant();
        if (name == "@" || name == zone)
        {
            return zone;
        }

        if (name.EndsWith("." + zone, StringComparison.Ordinal))
        {
            return name;
        }

        return name.Contains('.', StringComparison.Ordinal) ? null : $"{name}.{zone}";
    }

    private static string? Str(JsonElement e, string prop) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

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
        created_on = z.CreatedOn.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        modified_on = z.ModifiedOn.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        activated_on = z.ActivatedOn?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
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
        comment = r.Comment,
        tags = Array.Empty<string>(),
        meta = new { },
        created_on = r.CreatedOn.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        modified_on = r.ModifiedOn.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };

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
