using System.Text.Json;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>cloudflare-token</c>: per Cloudflare account, <c>GET /user/tokens/verify</c> (the account-owned form,
/// <c>/accounts/{id}/tokens/verify</c>, when the user form rejects it) must say <c>active</c>, and the token's policies
/// (<c>GET /user/tokens/{id}</c>) must allow zone and DNS edits. A token that may not read its own policies gets a
/// warning: its scope cannot be proven from outside without a write.
/// </summary>
public sealed class CloudflareTokenCheck(HttpClient http, ISecretStore secrets, ICloudflareAccountRepository accounts) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "cloudflare-token";

    /// <summary>Permission group names (Cloudflare's API names, and the dashboard's "Edit" spelling) that allow zone edits.</summary>
    private static readonly string[] ZoneEdit = ["Zone Write", "Zone Edit"];

    /// <summary>Permission group names that allow DNS record edits.</summary>
    private static readonly string[] DnsEdit = ["DNS Write", "DNS Edit"];

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => new PreflightProbe(Name, PreflightTargets.Of(a), ct => ProbeAsync(a, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(CloudflareAccount account, CancellationToken cancellationToken)
    {
        var secret = account.ApiTokenSecretName.Value;
        var newToken = $"Create an API token with Zone:Edit and DNS:Edit on account {account.CloudflareAccountId} and store it under '{secret}'.";
        if (await secrets.TryGetAsync(secret, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } token)
        {
            return PreflightOutcome.Fail($"Secret '{secret}' is missing.", newToken);
        }

        var verify = await CloudflareApi.GetAsync(http, token, "user/tokens/verify", cancellationToken).ConfigureAwait(false);
        if (!verify.Success)
        {
            var owned = await CloudflareApi.GetAsync(http, token, $"accounts/{account.CloudflareAccountId}/tokens/verify", cancellationToken).ConfigureAwait(false);
            if (owned.Success)
            {
                verify = owned;
            }
        }

        if (!verify.Success)
        {
            return verify.Status is 401 or 403 || verify.Code is 9109 or 1000 or 10000 or 6003
                ? PreflightOutcome.Fail($"Cloudflare rejected the token (HTTP {verify.Status}, code {verify.Code}: {verify.Message}).", newToken)
                : PreflightOutcome.Warn($"Token verification did not complete (HTTP {verify.Status}, code {verify.Code}: {verify.Message}).", "Run pre-flight again; if it persists, check Providers:Cloudflare:BaseUrl and Cloudflare's status page.");
        }

        var status = Text(verify.Result, "status");
        if (status != "active")
        {
            return PreflightOutcome.Fail($"The token is {status ?? "of unknown status"}, not active.", newToken);
        }

        if (Text(verify.Result, "expires_on") is { } expires && DateTimeOffset.TryParse(expires, System.Globalization.CultureInfo.InvariantCulture, out var at))
        {
            newToken = $"{newToken} (it expires {at:yyyy-MM-dd})";
        }

        var id = Text(verify.Result, "id");
        var details = await CloudflareApi.GetAsync(http, token, $"user/tokens/{Uri.EscapeDataString(id ?? string.Empty)}", cancellationToken).ConfigureAwait(false);
        if (!details.Success && details.Status is not (401 or 403))
        {
            return PreflightOutcome.Warn($"Reading the token's policies did not complete (HTTP {details.Status}).", "Run pre-flight again; provisioning retries transient Cloudflare errors on its own.");
        }

        if (!details.Success)
        {
            return PreflightOutcome.Warn(
                $"The token is active, but may not read its own policies (code {details.Code}: {details.Message}), so its scope is unproven.",
                "Add the 'API Tokens Read' permission to the token, or confirm by hand that it has Zone:Edit and DNS:Edit on this account.");
        }

        var granted = Granted(details.Result);
        var missing = new List<string>();
        if (!ZoneEdit.Any(granted.Contains))
        {
            missing.Add("Zone:Edit");
        }

        if (!DnsEdit.Any(granted.Contains))
        {
            missing.Add("DNS:Edit");
        }

        return missing.Count == 0
            ? PreflightOutcome.Pass("The token is active and may edit zones and DNS records.")
            : PreflightOutcome.Fail(
                $"The token lacks {string.Join(" and ", missing)} (it grants: {(granted.Count == 0 ? "nothing" : string.Join(", ", granted.Order(StringComparer.Ordinal)))}).",
                $"Edit the token under My Profile > API Tokens to add {string.Join(" and ", missing)} for this account's zones, or create one that has them and store it under '{secret}'.");
    }

    private static HashSet<string> Granted(JsonElement token)
    {
        var granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (token.ValueKind != JsonValueKind.Object || !token.TryGetProperty("policies", out var policies) || policies.ValueKind != JsonValueKind.Array)
        {
            return granted;
        }

        foreach (var policy in policies.EnumerateArray())
        {
            if (Text(policy, "effect") is not (null or "allow") || !policy.TryGetProperty("permission_groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var group in groups.EnumerateArray())
            {
                if (Text(group, "name") is { } name)
                {
                    granted.Add(name);
                }
            }
        }

        return granted;
    }

    internal static string? Text(JsonElement e, string property) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
