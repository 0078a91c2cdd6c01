using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;
using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Providers.Registrars;

/// <summary>
/// Namecheap XML API: <c>domains.dns.getList</c> and <c>domains.dns.setCustom</c>, sent as POST forms so the API key
/// never sits in a URL (URLs end up in logs). SLD/TLD are split with the Public Suffix List.
/// </summary>
public sealed partial class NamecheapRegistrar(
    HttpClient http, ISecretStore secrets, IRateBudget budget, TimeProvider clock, IOptions<NamecheapOptions> options, VendorMetrics metrics, ILogger<NamecheapRegistrar> logger)
{
    private const string Provider = "namecheap";
    private static readonly XNamespace Ns = "http://api.namecheap.com/xml.response";
    private readonly NamecheapOptions _options = options.Value;

    /// <summary>
    /// Read, set when different, read back. The three calls are paid from the budget at once, so the sequence never
    /// stops halfway to wait for a permit; a call that leaves later than <see cref="NamecheapOptions.WindowGuard"/>
    /// after its permit pays a fresh one before it leaves.
    /// </summary>
    public async Task<bool> EnsureNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken)
    {
        var hosts = RegistrarHosts.Validate(Provider, nameservers);
        var caller = await SignInAsync(account, domain, cancellationToken).ConfigureAwait(false);
        var paidAt = await PayAsync(account, 3, cancellationToken).ConfigureAwait(false);
        if ((await GetNameserversAsync(caller, domain, paidAt, cancellationToken).ConfigureAwait(false)).Matches(hosts))
        {
            return false;
        }

        await SetNameserversAsync(caller, domain, hosts, paidAt, cancellationToken).ConfigureAwait(false);
        var readBack = await GetNameserversAsync(caller, domain, paidAt, cancellationToken).ConfigureAwait(false);
        return readBack.Matches(hosts)
            ? true
            : throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap still reports {string.Join(", ", readBack.Hosts)} for {domain} after the update.");
    }

    /// <summary>Reads the domain's nameservers.</summary>
    public async Task<RegistrarNameservers> GetNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken)
    {
        var caller = await SignInAsync(account, domain, cancellationToken).ConfigureAwait(false);
        return await GetNameserversAsync(caller, domain, await PayAsync(account, 1, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets custom nameservers.</summary>
    public async Task SetNameserversAsync(RegistrarAccount account, DomainName domain, IReadOnlyList<string> nameservers, CancellationToken cancellationToken)
    {
        var hosts = RegistrarHosts.Validate(Provider, nameservers);
        var caller = await SignInAsync(account, domain, cancellationToken).ConfigureAwait(false);
        await SetNameserversAsync(caller, domain, hosts, await PayAsync(account, 1, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Back to Namecheap's BasicDNS (<c>namecheap.domains.dns.setDefault</c>); harmless when already there.</summary>
    public async Task RestoreDefaultNameserversAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken)
    {
        var caller = await SignInAsync(account, domain, cancellationToken).ConfigureAwait(false);
        var paidAt = await PayAsync(account, 1, cancellationToken).ConfigureAwait(false);
        var result = await CallAsync(caller, "namecheap.domains.dns.setDefault", domain, [], paidAt, cancellationToken).ConfigureAwait(false);
        var updated = (string?)result.Element(Ns + "DomainDNSSetDefaultResult")?.Attribute("Updated");
        if (!string.Equals(updated, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap did not confirm the return of {domain} to its default nameservers.");
        }
    }

    private async Task<RegistrarNameservers> GetNameserversAsync(Caller caller, DomainName domain, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var result = await CallAsync(caller, "namecheap.domains.dns.getList", domain, [], paidAt, cancellationToken).ConfigureAwait(false);
        var list = result.Element(Ns + "DomainDNSGetListResult")
            ?? throw new ProviderException(Provider, ProviderErrorKind.Transient, "Namecheap answered getList without a DomainDNSGetListResult element.");
        var usingOurs = string.Equals((string?)list.Attribute("IsUsingOurDNS"), "true", StringComparison.OrdinalIgnoreCase);
        return new RegistrarNameservers([.. list.Elements(Ns + "Nameserver").Select(e => RegistrarNameservers.Normalize(e.Value))], usingOurs);
    }

    private async Task SetNameserversAsync(Caller caller, DomainName domain, IReadOnlyList<string> hosts, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var result = await CallAsync(caller, "namecheap.domains.dns.setCustom", domain, [new("Nameservers", string.Join(',', hosts))], paidAt, cancellationToken).ConfigureAwait(false);
        var updated = (string?)result.Element(Ns + "DomainDNSSetCustomResult")?.Attribute("Updated");
        if (!string.Equals(updated, "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap did not confirm the nameserver update for {domain}.");
        }
    }

    /// <summary>Checks the account and reads its API key, before any permit is taken: the slow part comes first.</summary>
    private async Task<Caller> SignInAsync(RegistrarAccount account, DomainName domain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(domain);
        if (account.ApiUser is null || account.ClientIp is null)
        {
            throw new ProviderException(Provider, ProviderErrorKind.Permanent, "The Namecheap account has no API user or client IP configured.");
        }

        return new Caller(account, account.ApiUser, account.ClientIp.ToString(), await secrets.GetAsync(account.ApiKeySecretName.Value, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Takes <paramref name="calls"/> permits from the per-minute and then the per-hour budget; returns when the minute's
    /// were taken. The minute's window is the tight one (18 of Namecheap's 20): a wait for the hour ages its permits, and
    /// the calls they pay for then count as late. The minute goes first all the same: a refusal by the hour then wastes
    /// minute permits, which come back within the minute, not hour permits, which would not.
    /// </summary>
    private async Task<DateTimeOffset> PayAsync(RegistrarAccount account, int calls, CancellationToken cancellationToken)
    {
        var paidAt = await PayMinuteAsync(account, calls, cancellationToken).ConfigureAwait(false);
        await budget.AcquireAsync(Provider, BudgetKey(account) + ":h", new RateLimitPolicy(_options.PerHour, TimeSpan.FromHours(1) + _options.WindowGuard), clock, _options.Http.MaxBudgetWait, cancellationToken, calls).ConfigureAwait(false);
        return paidAt;
    }

    private static string BudgetKey(RegistrarAccount account) => $"namecheap:{account.Id}";

    private async Task<DateTimeOffset> PayMinuteAsync(RegistrarAccount account, int calls, CancellationToken cancellationToken)
    {
        await budget.AcquireAsync(Provider, BudgetKey(account) + ":m", new RateLimitPolicy(_options.PerMinute, TimeSpan.FromMinutes(1) + _options.WindowGuard), clock, _options.Http.MaxBudgetWait, cancellationToken, calls).ConfigureAwait(false);
        return clock.GetUtcNow();
    }

    /// <remarks>
    /// Namecheap counts a call when it arrives; the budget counted it when its permit was taken. The window guard covers
    /// the gap, so a call leaving later than the guard after its minute permit (the third call of a sequence on a loaded
    /// worker, after slow answers or a wait for the hour's budget) pays a fresh one first, outside the vendor latency
    /// measured below. Paying twice is safe; arriving outside the guard is a 405. The hour needs no fresh permit: seconds
    /// of lateness are nothing against its margin of 50 calls.
    /// </remarks>
    private async Task<XElement> CallAsync(Caller caller, string command, DomainName domain, KeyValuePair<string, string>[] extra, DateTimeOffset paidAt, CancellationToken cancellationToken)
    {
        var late = clock.GetUtcNow() - paidAt;
        if (late > _options.WindowGuard)
        {
            Log.PermitRenewed(logger, command, late.TotalSeconds);
            await PayMinuteAsync(caller.Account, 1, cancellationToken).ConfigureAwait(false);
        }

        var form = new List<KeyValuePair<string, string>>
        {
            new("ApiUser", caller.ApiUser),
            new("ApiKey", caller.ApiKey),
            new("UserName", caller.ApiUser),
            new("ClientIp", caller.ClientIp),
            new("Command", command),
            new("SLD", domain.SecondLevelLabel),
            new("TLD", domain.PublicSuffix),
        };
        form.AddRange(extra);
        return await metrics.MeasureAsync(Provider, VendorOperation.FromRpc(command),
            () => ExchangeAsync(caller.Account, domain, command, form, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<XElement> ExchangeAsync(
        RegistrarAccount account, DomainName domain, string command, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        var key = BudgetKey(account);
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Endpoint) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(VendorResilience.Idempotent, true);
        request.Options.Set(VendorResilience.RetryPermit, ct => PayAsync(account, 1, ct));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when ((e is HttpRequestException && !cancellationToken.IsCancellationRequested) || TransportFailures.IsGivenUp(e, cancellationToken))
        {
            throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap did not answer {command}: {e.GetType().Name}.", inner: e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.MethodNotAllowed)
            {
                // Namecheap's throttle answer: HTTP 405 without Retry-After.
                await budget.BlockAsync(key + ":m", _options.ThrottleBackoff, cancellationToken).ConfigureAwait(false);
                throw new ProviderException(Provider, ProviderErrorKind.RateLimited, "Namecheap throttled the API user (HTTP 405); retrying later.", _options.ThrottleBackoff, "405");
            }

            if ((int)response.StatusCode >= 500)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap answered HTTP {(int)response.StatusCode} to {command}.");
            }

            XDocument doc;
            try
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                doc = XDocument.Parse(text);
            }
            catch (XmlException e)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap answered {command} with something that is not XML (HTTP {(int)response.StatusCode}).", inner: e);
            }

            var root = doc.Root!;
            if (string.Equals((string?)root.Attribute("Status"), "OK", StringComparison.OrdinalIgnoreCase))
            {
                return root.Element(Ns + "CommandResponse")
                    ?? throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Namecheap answered {command} without a CommandResponse.");
            }

            var errors = root.Element(Ns + "Errors")?.Elements(Ns + "Error").Select(e => ((string?)e.Attribute("Number") ?? "0", e.Value)).ToList() ?? [];
            throw Translate(command, domain, account, errors);
        }
    }

    private static ProviderException Translate(string command, DomainName domain, RegistrarAccount account, List<(string Number, string Text)> errors)
    {
        var (number, text) = errors.Count > 0 ? errors[0] : ("0", "unknown error");
        text = text.Length > 300 ? text[..300] : text;
        var kind = number switch
        {
            "3031510" or "3050900" or "4022288" or "1050900" => ProviderErrorKind.Transient,
            _ => ProviderErrorKind.Permanent,
        };
        var message = number switch
        {
            "1011150" or "1017150" or "1017105" =>
                $"Namecheap rejected the call because the calling IP is not on the API allow-list of user '{account.ApiUser}' (error {number}: {text}). " +
                $"Add the server's public IPv4 ({account.ClientIp}) under Profile > Tools > API Access > Whitelisted IPs, and make sure the account's client_ip matches it.",
            "1011102" or "1010102" or "1017101" or "1016103" or "1017103" =>
                $"Namecheap rejected the API credentials of user '{account.ApiUser}' (error {number}): check the API key and that API access is enabled.",
            "2019166" => $"Namecheap does not know the domain {domain} (error 2019166).",
            "2016166" => $"The domain {domain} is not in Namecheap account '{account.ApiUser}' (error 2016166).",
            "2030166" => $"Namecheap does not allow editing nameservers of {domain} (error 2030166).",
            _ => $"Namecheap {command} failed for {domain} (error {number}: {text}).",
        };
        return new ProviderException(Provider, kind, message, vendorCode: number.ToString(CultureInfo.InvariantCulture));
    }

    private sealed record Caller(RegistrarAccount Account, string ApiUser, string ClientIp, string ApiKey)
    {
        // The API key stays out of ToString (records print every member).
        public override string ToString() => $"Caller {{ ApiUser = {ApiUser} }}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Namecheap {Command} leaves {LateSeconds:F1} s after its permit; paying a fresh one")]
        public static partial void PermitRenewed(ILogger logger, string command, double lateSeconds);
    }
}
