using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Registrars;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>namecheap-api</c>: per Namecheap account, the read-only <c>namecheap.users.getBalances</c> must answer
/// <c>Status="OK"</c>. Error 1011150 ("Invalid request IP: x") means this machine's address is not on the account's API
/// allow-list, or differs from the account's <c>client_ip</c>; Namecheap names the address it saw, and the fix quotes it.
/// </summary>
public sealed partial class NamecheapAccessCheck(HttpClient http, ISecretStore secrets, IRegistrarAccountRepository accounts, IOptions<NamecheapOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "namecheap-api";

    private static readonly XNamespace Ns = "http://api.namecheap.com/xml.response";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => a.Provider == RegistrarProvider.Namecheap)
            .Select(a => new PreflightProbe(Name, PreflightTargets.Of(a), ct => ProbeAsync(a, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(RegistrarAccount account, CancellationToken cancellationToken)
    {
        if (account.ApiUser is null || account.ClientIp is null)
        {
            return PreflightOutcome.Fail("The account has no API user or client IP.", "Set api_user and client_ip (this machine's public IPv4) on the registrar account.");
        }

        if (await secrets.TryGetAsync(account.ApiKeySecretName.Value, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } key)
        {
            return PreflightOutcome.Fail($"Secret '{account.ApiKeySecretName}' is missing.", "Store the Namecheap API key (Profile > Tools > API Access) under that name.");
        }

        var query = string.Join('&', new[]
        {
            ("ApiUser", account.ApiUser), ("ApiKey", key), ("UserName", account.ApiUser), ("ClientIp", account.ClientIp.ToString()), ("Command", "namecheap.users.getBalances"),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        using var response = await http.GetAsync(new Uri($"{options.Value.Endpoint.AbsoluteUri}?{query}"), cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 500 || (int)response.StatusCode is 405 or 429)
        {
            return PreflightOutcome.Warn($"Namecheap answered HTTP {(int)response.StatusCode}.", "Run pre-flight again; provisioning waits out Namecheap's throttling and outages on its own.");
        }

        XDocument doc;
        try
        {
            doc = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (System.Xml.XmlException)
        {
            return PreflightOutcome.Fail($"Namecheap answered HTTP {(int)response.StatusCode} without an API response.", "Check Providers:Namecheap:Endpoint and that this machine can reach it.");
        }

        var root = doc.Root;
        if ((string?)root?.Attribute("Status") == "OK")
        {
            return PreflightOutcome.Pass($"API user '{account.ApiUser}' answers from client IP {account.ClientIp}.");
        }

        var error = root?.Element(Ns + "Errors")?.Elements(Ns + "Error").FirstOrDefault();
        var number = (string?)error?.Attribute("Number") ?? "?";
        var text = error?.Value ?? "no error text";
        return number switch
        {
            "1011150" or "1017150" or "1011145" => PreflightOutcome.Fail(
                $"Namecheap refused the calling IP (error {number}: {text}); the account's client_ip is {account.ClientIp}.",
                $"Add {SeenIp(text) ?? "this machine's public IPv4"} under Profile > Tools > API Access > Whitelisted IPs and set the account's client_ip to the same address."),
            "1011102" or "1010102" or "1017101" => PreflightOutcome.Fail(
                $"Namecheap rejected the API key of user '{account.ApiUser}' (error {number}).",
                "Turn on API access under Profile > Tools > API Access and store the key shown there under the account's API key secret."),
            _ => PreflightOutcome.Fail($"Namecheap answered error {number}: {text}.", "Look the error number up in Namecheap's API documentation and fix the account settings it points at."),
        };
    }

    private static string? SeenIp(string text) => IpInText().Match(text) is { Success: true } m ? m.Value : null;

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}\b", RegexOptions.CultureInvariant)]
    private static partial Regex IpInText();
}
