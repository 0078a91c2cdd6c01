using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>
/// Cloudflare API v4 endpoints (zones, DNS records, accounts, token verify) under <c>/cloudflare/client/v4</c>. Route templates
/// and parameter names are those of Cloudflare's OpenAPI schema, so a test can hold them against it.
/// </summary>
internal static partial class CloudflareSimulator
{
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
            if (auth.Length == 0)
            {
                return Fail(400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
            }

            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return Fail(400, 6003, "Invalid request headers");
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
            http.Items["cf.token"] = token;
            return await next(ctx);
        });

        g.MapGet("/user/tokens/verify", (HttpContext http) => Ok(new { id = CloudflareState.TokenId((string)http.Items["cf.token"]!), status = "active" }));
        g.MapGet("/user/tokens/{token_id}", (HttpContext http, [FromRoute(Name = "token_id")] string tokenId) => TokenDetails(http, state, tokenId));
        g.MapGet("/accounts", (HttpContext http) =>
        {
            var (id, name) = Account(http);
            return Ok(new[] { new { id, name, type = "standard", created_on = "2020-01-01T00:00:00Z" } }, Info(1, 20, 1, 1));
        });

        g.MapGet("/zones", (HttpContext http) => ListZones(http, state));
        g.MapPost("/zones", (HttpContext http, JsonElement body) => CreateZone(http, state, body));
        g.MapGet("/zones/{zone_id}", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId) => WithZone(http, state, zoneId, z => Ok(ZoneJson(z))));
        g.MapDelete("/zones/{zone_id}", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId) => WithZone(http, state, zoneId, z =>
        {
            state.Zones.Remove(z.Id);
            return Ok(new { id = z.Id });
        }));
        g.MapPut("/zones/{zone_id}/activation_check", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId) => WithZone(http, state, zoneId, z => ActivationCheck(state, z)));

        g.MapGet("/zones/{zone_id}/dns_records", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId) =>
            WithZone(http, state, zoneId, z => ListRecords(http, z)));
        g.MapPost("/zones/{zone_id}/dns_records", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId, JsonElement body) =>
            WithZone(http, state, zoneId, z => CreateRecord(state, z, body)));
        g.MapPut("/zones/{zone_id}/dns_records/{dns_record_id}", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId, [FromRoute(Name = "dns_record_id")] string recordId, JsonElement body) =>
            WithZone(http, state, zoneId, z => OverwriteRecord(state, z, recordId, body)));
        g.MapPatch("/zones/{zone_id}/dns_records/{dns_record_id}", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId, [FromRoute(Name = "dns_record_id")] string recordId, JsonElement body) =>
            WithZone(http, state, zoneId, z => PatchRecord(state, z, recordId, body)));
        g.MapDelete("/zones/{zone_id}/dns_records/{dns_record_id}", (HttpContext http, [FromRoute(Name = "zone_id")] string zoneId, [FromRoute(Name = "dns_record_id")] string recordId) =>
            WithZone(http, state, zoneId, z => DeleteRecord(z, recordId)));
    }

    private static IResult ActivationCheck(CloudflareState state, SimZone z)
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
    }

    private static IResult TokenDetails(HttpContext http, CloudflareState state, string tokenId)
    {
        var token = (string)http.Items["cf.token"]!;
        var permissions = state.PermissionsOf(token);
        if (tokenId != CloudflareState.TokenId(token))
        {
            // The simulator knows only the calling token; any other id is as unknown as it is to a token without rights on it.
            return Fail(404, 1003, "Token not found");
        }

        if (!permissions.Contains("API Tokens Read", StringComparer.Ordinal))
        {
            return Fail(403, 9109, "Unauthorized to access requested resource");
        }

        var (accountId, _) = Account(http);
        var groups = permissions.Select(p => new { id = CloudflareState.TokenId(p), name = p }).ToArray();
        var resources = new Dictionary<string, string> { [$"com.cloudflare.api.account.{accountId}"] = "*" };
        return Ok(new
        {
            id = tokenId,
            name = "website-factory",
            status = "active",
            policies = new[] { new { id = CloudflareState.TokenId(tokenId), effect = "allow", resources, permission_groups = groups } },
        });
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
}
