using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebsiteFactory.Simulators.Cloudflare;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Dns;

/// <summary>
/// Public DNS as a DNS-over-HTTPS JSON endpoint (<c>/dns-query?name=&amp;type=</c>, the format of
/// <c>cloudflare-dns.com/dns-query</c> with <c>accept: application/dns-json</c>): NS answers follow the registry after
/// <see cref="SimulatorOptions.DnsPropagationDelay"/>; A answers come from the Cloudflare zone the domain delegates to.
/// </summary>
internal static class DnsSimulator
{
    public static void Map(IEndpointRouteBuilder app, Delegations delegations, CloudflareState cloudflare, SimulatorOptions options, TimeProvider clock)
    {
        app.MapGet("/dns-query", (string? name, string? type) =>
        {
            name = (name ?? string.Empty).Trim().TrimEnd('.').ToLowerInvariant();
            var t = (type ?? "A").ToUpperInvariant();
            var qtype = t switch { "A" => 1, "NS" => 2, "TXT" => 16, _ => 0 };
            if (name.Length == 0 || qtype == 0)
            {
                return Results.Json(new { Status = 1, Question = new[] { new { name, type = qtype } } }, Json.Options, contentType: "application/dns-json");
            }

            var (apex, ns) = VisibleDelegation(delegations, options, clock, name);
            var answers = new List<object>();
            if (qtype == 2 && apex == name)
            {
                answers.AddRange(ns.Select(n => new { name, type = 2, TTL = 3600, data = n + "." }));
            }
            else if (qtype == 1)
            {
                answers.AddRange(cloudflare.ResolveA(name, ns).Select(ip => new { name, type = 1, TTL = 300, data = ip }));
            }
            else if (qtype == 16)
            {
                // DoH JSON quotes TXT strings, as Google's and Cloudflare's resolvers do.
                answers.AddRange(cloudflare.ResolveTxt(name, ns).Select(v => new { name, type = 16, TTL = 300, data = "\"" + v + "\"" }));
            }

            return Results.Json(new
            {
                Status = 0,
                TC = false,
                RD = true,
                RA = true,
                AD = false,
                CD = false,
                Question = new[] { new { name, type = qtype } },
                Answer = answers,
            }, Json.Options, contentType: "application/dns-json");
        });
    }

    /// <summary>TXT values at <paramref name="name"/> as the world sees them now (delegation propagation included).</summary>
    public static IReadOnlyList<string> ResolveTxt(Delegations delegations, CloudflareState cloudflare, SimulatorOptions options, TimeProvider clock, string name)
    {
        name = name.Trim().TrimEnd('.').ToLowerInvariant();
        return cloudflare.ResolveTxt(name, VisibleDelegation(delegations, options, clock, name).Ns);
    }

    private static (string Apex, IReadOnlyList<string> Ns) VisibleDelegation(Delegations delegations, SimulatorOptions options, TimeProvider clock, string name)
    {
        var labels = name.Split('.');
        for (var i = 0; i < labels.Length - 1; i++)
        {
            var candidate = string.Join('.', labels[i..]);
            if (delegations.Get(candidate) is { } e)
            {
                var visible = clock.GetUtcNow() >= e.SetAt + options.DnsPropagationDelay ? e.NameServers : e.Previous;
                return (candidate, visible);
            }
        }

        // Never delegated: the registrar's default DNS answers for the registrable part (two labels, good enough here).
        return (labels.Length >= 2 ? string.Join('.', labels[^2..]) : name, Delegations.NamecheapDefault);
    }
}
