using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using WebsiteFactory.Simulators.Shared;

namespace WebsiteFactory.Simulators.Namecheap;

/// <summary>Namecheap XML API at <c>/namecheap/xml.response</c> (GET query or POST form; HTTP 200 even for API errors).</summary>
internal static class NamecheapSimulator
{
    private static readonly XNamespace Ns = "http://api.namecheap.com/xml.response";

    public static void Map(IEndpointRouteBuilder app, NamecheapState state, Delegations delegations, SimulatorOptions options, TimeProvider clock, Chaos chaos)
    {
        app.Map("/namecheap/xml.response", async (HttpContext http) =>
        {
            var fault = await chaos.BeforeRequestAsync(http.Request.Method, http.RequestAborted);
            if (fault == Chaos.Fault.Reset)
            {
                http.Abort();
                return Results.Empty;
            }

            if (fault is Chaos.Fault.ServerError or Chaos.Fault.Timeout)
            {
                return Results.Text("<html><body>Service Unavailable</body></html>", "text/html", statusCode: fault == Chaos.Fault.Timeout ? 504 : 503);
            }

            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsPost(http.Request.Method))
            {
                http.Response.Headers.Allow = "GET, POST";
                return AnswerWithoutBody(http, 405);
            }

            var p = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in http.Request.Query)
            {
                p[k] = v.ToString();
            }

            if (http.Request.HasFormContentType)
            {
                foreach (var (k, v) in await http.Request.ReadFormAsync(http.RequestAborted))
                {
                    p[k] = v.ToString();
                }
            }

            state.CountCall();
            return Handle(http, p, state, delegations, options, clock);
        });
    }

    private static IResult Handle(HttpContext http, Dictionary<string, string> p, NamecheapState state, Delegations delegations, SimulatorOptions options, TimeProvider clock)
    {
        var command = p.GetValueOrDefault("Command") ?? string.Empty;
        if (!p.TryGetValue("ApiUser", out var apiUser) || apiUser.Length == 0)
        {
            return Error(command, (1010101, "Parameter APIUser is missing"));
        }

        if (!p.TryGetValue("ApiKey", out var apiKey) || apiKey.Length == 0)
        {
            return Error(command, (1010102, "Parameter APIKey is missing"));
        }

        if (command.Length == 0)
        {
            return Error(command, (1010104, "Parameter Command is missing"));
        }

        if (!p.TryGetValue("ClientIp", out var clientIp) || clientIp.Length == 0)
        {
            return Error(command, (1011105, "Parameter ClientIp is missing"));
        }

        var now = clock.GetUtcNow();
        lock (state.Sync)
        {
            var user = state.GetUser(apiUser);
            if (user is null || user.ApiKey != apiKey)
            {
                return Error(command, (1011102, "API Key is invalid or API access has not been enabled"));
            }

            var caller = http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : string.Empty;
            if (!user.WhitelistedIps.Contains(clientIp) || !string.Equals(caller, clientIp, StringComparison.Ordinal))
            {
                return Error(command, (1011150, $"Invalid request IP: {caller}"));
            }

            if (!user.Minute.TryHit(now) || !user.Hour.TryHit(now))
            {
                state.CountThrottled();
                return Error(command, 405, (405, "Too many requests: the API allows 20 calls a minute, 700 an hour and 8000 a day per user."));
            }

            if (p.GetValueOrDefault("UserName") is { Length: > 0 } userName && !userName.Equals(apiUser, StringComparison.OrdinalIgnoreCase))
            {
                return Error(command, (1016103, "UserName is unauthorized"));
            }

            var sld = p.GetValueOrDefault("SLD");
            var tld = p.GetValueOrDefault("TLD");
            if (command is "namecheap.domains.dns.setCustom" or "namecheap.domains.dns.getList" or "namecheap.domains.dns.setDefault")
            {
                if (string.IsNullOrEmpty(sld) || string.IsNullOrEmpty(tld) || sld.Length > 70 || tld.Length > 10)
                {
                    return Error(command, (2011166, "SLD or TLD is missing or invalid"));
                }

                var domain = $"{sld}.{tld}".ToLowerInvariant();
                var owner = state.Owner(domain, apiUser, options.AutoRegisterDomains);
                if (owner is null)
                {
                    return Error(command, (2019166, "Domain not found"));
                }

                if (!owner.Equals(apiUser, StringComparison.OrdinalIgnoreCase))
                {
                    return Error(command, (2016166, "Domain is not associated with your account"));
                }

                switch (command)
                {
                    case "namecheap.domains.dns.setCustom":
                        var list = p.GetValueOrDefault("Nameservers") ?? string.Empty;
                        var hosts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                        if (hosts.Length < 2 || list.Length > 1200)
                        {
                            return Error(command, (2011170, "Nameservers are missing or invalid (at least two are required)"));
                        }

                        delegations.Set(domain, hosts, true, now, Delegations.NamecheapDefault);
                        return Success(command, new XElement(Ns + "DomainDNSSetCustomResult", new XAttribute("Domain", domain), new XAttribute("Updated", "true")));
                    case "namecheap.domains.dns.setDefault":
                        delegations.Set(domain, Delegations.NamecheapDefault, false, now, Delegations.NamecheapDefault);
                        return Success(command, new XElement(Ns + "DomainDNSSetDefaultResult", new XAttribute("Domain", domain), new XAttribute("Updated", "true")));
                    default:
                        var d = delegations.Get(domain);
                        var custom = d?.IsCustom == true;
                        var ns = d?.NameServers ?? Delegations.NamecheapDefault;
                        return Success(command, new XElement(Ns + "DomainDNSGetListResult",
                            new XAttribute("Domain", domain), new XAttribute("IsUsingOurDNS", custom ? "false" : "true"),
                            ns.Select(n => new XElement(Ns + "Nameserver", n))));
                }
            }

            if (command == "namecheap.users.getBalances")
            {
                // Read-only: what pre-flight calls to prove the key works and this machine's IP is allow-listed.
                return Success(command, new XElement(Ns + "UserGetBalancesResult",
                    new XAttribute("Currency", "USD"), new XAttribute("AvailableBalance", "100.00"), new XAttribute("AccountBalance", "100.00")));
            }

            return Error(command, (2030280, $"Command {WebUtility.HtmlEncode(command)} is not supported by the simulator"));
        }
    }

    /// <summary>
    /// An <c>ApiResponse Status="ERROR"</c> for an answer no command produced (unknown path, a method other than GET or POST).
    /// Namecheap publishes no error numbers for these; the simulator uses the HTTP status as the number.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status) => Error(string.Empty, status, (status, status switch
    {
        404 => $"Unknown path {WebUtility.HtmlEncode(http.Request.Path)}: the API answers at /xml.response.",
        405 => $"Method {http.Request.Method} is not allowed: use GET or POST.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    }));

    private static IResult Success(string command, XElement result) =>
        Xml(new XElement(Ns + "ApiResponse", new XAttribute("Status", "OK"),
            new XElement(Ns + "Errors"), new XElement(Ns + "Warnings"),
            new XElement(Ns + "RequestedCommand", command.ToLowerInvariant()),
            new XElement(Ns + "CommandResponse", new XAttribute("Type", command), result),
            Trailer()));

    private static IResult Error(string command, params (int Number, string Text)[] errors) => Error(command, 200, errors);

    private static IResult Error(string command, int status, params (int Number, string Text)[] errors) =>
        Xml(new XElement(Ns + "ApiResponse", new XAttribute("Status", "ERROR"),
            new XElement(Ns + "Errors", errors.Select(e => new XElement(Ns + "Error", new XAttribute("Number", e.Number), e.Text))),
            new XElement(Ns + "Warnings"),
            new XElement(Ns + "RequestedCommand", command.ToLowerInvariant()),
            Trailer()), status);

    private static object[] Trailer() =>
        [new XElement(Ns + "Server", "SIM-API01"), new XElement(Ns + "GMTTimeDifference", "--5:00"), new XElement(Ns + "ExecutionTime", "0.01")];

    private static IResult Xml(XElement root, int status = 200) =>
        Results.Text(new XDocument(new XDeclaration("1.0", "utf-8", null), root).ToString(), "text/xml", statusCode: status);
}
