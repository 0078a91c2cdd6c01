using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Spaceship;

/// <summary>Spaceship REST API under <c>/spaceship/api/v1</c>: <c>GET /domains/{domain}</c>, <c>PUT /domains/{domain}/nameservers</c>.</summary>
internal static class SpaceshipSimulator
{
    private static readonly string[] EppStatuses = ["clientTransferProhibited"];

    public static void Map(IEndpointRouteBuilder app, SpaceshipState state, Delegations delegations, SimulatorOptions options, TimeProvider clock, Chaos chaos)
    {
        var g = app.MapGroup("/spaceship/api/v1");
        g.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var fault = await chaos.BeforeRequestAsync(http.Request.Method, http.RequestAborted);
            if (fault == Chaos.Fault.Reset)
            {
                http.Abort();
                return Results.Empty;
            }

            if (fault is Chaos.Fault.ServerError or Chaos.Fault.Timeout)
            {
                return Problem(fault == Chaos.Fault.Timeout ? 504 : 503, "Service temporarily unavailable.");
            }

            var key = http.Request.Headers["X-API-Key"].ToString();
            var secret = http.Request.Headers["X-API-Secret"].ToString();
            lock (state.Sync)
            {
                if (!state.Authenticate(key, secret))
                {
                    return Problem(401, "Unauthorized: invalid API key or secret.");
                }
            }

            http.Items["ss.key"] = key;
            return await next(ctx);
        });

        g.MapGet("/domains", (HttpContext http, int? take, int? skip) =>
        {
            // Read-only list (what pre-flight calls to prove the key and secret work): {items, total}, paged by take/skip.
            var key = (string)http.Items["ss.key"]!;
            List<string> all;
            lock (state.Sync)
            {
                all = state.DomainsOf(key);
            }

            var items = all.Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 10, 1, 100)).Select(d => new { name = d, unicodeName = d }).ToList();
            return Results.Json(new { items, total = all.Count }, Json.Options);
        });
        g.MapGet("/domains/{domain}", (HttpContext http, string domain) => WithDomain(http, state, options, clock, domain, "get-domain", d =>
        {
            var e = delegations.Get(d);
            var custom = e?.IsCustom == true;
            return Results.Json(new
            {
                name = d,
                unicodeName = d,
                isPremium = false,
                autoRenew = true,
                registrationDate = "2024-01-01T00:00:00Z",
                expirationDate = "2027-01-01T00:00:00Z",
                lifecycleStatus = "registered",
                verificationStatus = "success",
                eppStatuses = EppStatuses,
                suspensions = Array.Empty<object>(),
                privacyProtection = new { contactForm = true, level = "high" },
                nameservers = new { provider = custom ? "custom" : "basic", hosts = e?.NameServers ?? Delegations.SpaceshipDefault },
            }, Json.Options);
        }));

        g.MapPut("/domains/{domain}/nameservers", (HttpContext http, string domain, JsonElement body) => WithDomain(http, state, options, clock, domain, "put-nameservers", d =>
        {
            var provider = body.TryGetProperty("provider", out var pv) ? pv.GetString() : null;
            var hosts = body.TryGetProperty("hosts", out var h) && h.ValueKind == JsonValueKind.Array
                ? h.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToArray()
                : [];
            if (provider == "basic")
            {
                if (hosts.Length > 0)
                {
                    return Problem(422, "Validation failed.", new { field = "hosts", details = "Hosts must be empty for provider basic." });
                }

                delegations.Set(d, Delegations.SpaceshipDefault, false, clock.GetUtcNow(), Delegations.SpaceshipDefault);
                return Results.Json(new { provider, hosts = Array.Empty<string>() }, Json.Options);
            }

            if (provider != "custom")
            {
                return Problem(422, "Validation failed.", new { field = "provider", details = "Provider must be basic or custom." });
            }

            if (hosts.Length < 2 || hosts.Length > 12 || hosts.Any(x => x.Length is 0 or > 253 || x.Contains(' ', StringComparison.Ordinal)))
            {
                return Problem(422, "Validation failed.", new { field = "hosts", details = "Between 2 and 12 valid host names are required." });
            }

            delegations.Set(d, hosts, true, clock.GetUtcNow(), Delegations.SpaceshipDefault);
            return Results.Json(new { provider, hosts }, Json.Options);
        }));
    }

    private static IResult WithDomain(HttpContext http, SpaceshipState state, SimulatorOptions options, TimeProvider clock, string domain, string endpoint, Func<string, IResult> action)
    {
        var key = (string)http.Items["ss.key"]!;
        domain = domain.ToLowerInvariant();
        lock (state.Sync)
        {
            var wait = state.Throttle($"{key}|{endpoint}|{domain}", options.Spaceship.PerDomainLimit, options.Spaceship.PerDomainWindow, clock.GetUtcNow());
            if (wait is { } w)
            {
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(w.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problem(429, "Too many requests.");
            }

            var owner = state.Owner(domain, key, options.AutoRegisterDomains);
            if (owner != key)
            {
                return Problem(404, $"Domain {domain} not found.");
            }
        }

        return action(domain);
    }

    /// <summary>Spaceship's <c>{"detail": ...}</c> body for an answer no handler wrote (unknown path, wrong method, unreadable body).</summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status) => Problem(status, status switch
    {
        404 => "Not found.",
        405 => $"Method {http.Request.Method} is not allowed.",
        400 => "The request body is not valid JSON.",
        415 => "Content-Type must be application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    });

    private static IResult Problem(int status, string detail, params object[] data) =>
        data.Length == 0
            ? Results.Json(new { detail }, Json.Options, statusCode: status)
            : Results.Json(new { detail, data }, Json.Options, statusCode: status);
}
