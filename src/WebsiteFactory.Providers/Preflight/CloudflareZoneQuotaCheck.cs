using System.Text.Json;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;

namespace WebsiteFactory.Providers.Preflight;

/// <summary>
/// <c>cloudflare-zone-quota</c>: per Cloudflare account, the number of pending zones (<c>GET /zones?status=pending</c>,
/// <c>result_info.total_count</c>) against <see cref="PreflightCloudflareOptions.PendingZoneCap"/>: Cloudflare refuses new
/// zones while too many are pending (about 50 by its older docs, lower on young accounts). Warns from 80 % of the cap,
/// fails at the cap.
/// </summary>
public sealed class CloudflareZoneQuotaCheck(HttpClient http, ISecretStore secrets, ICloudflareAccountRepository accounts, IOptions<PreflightCloudflareOptions> options) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "cloudflare-zone-quota";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) =>
        [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => new PreflightProbe(Name, PreflightTargets.Of(a), ct => ProbeAsync(a, ct)))];

    private async Task<PreflightOutcome> ProbeAsync(CloudflareAccount account, CancellationToken cancellationToken)
    {
        if (await secrets.TryGetAsync(account.ApiTokenSecretName.Value, cancellationToken).ConfigureAwait(false) is not { Length: > 0 } token)
        {
            return PreflightOutcome.Fail($"Secret '{account.ApiTokenSecretName}' is missing.", "Store the account's API token, then run pre-flight again.");
        }

        var answer = await CloudflareApi.GetAsync(http, token, $"zones?status=pending&account.id={Uri.EscapeDataString(account.CloudflareAccountId)}&per_page=5", cancellationToken).ConfigureAwait(false);
        if (!answer.Success)
        {
            return answer.Status is not (401 or 403)
                ? PreflightOutcome.Warn($"Listing the account's zones did not complete (HTTP {answer.Status}).", "Run pre-flight again; provisioning retries transient Cloudflare errors on its own.")
                : PreflightOutcome.Fail($"Could not list the account's zones (HTTP {answer.Status}, code {answer.Code}: {answer.Message}).", "Give the token Zone:Read on this account (see the cloudflare-token check).");
        }

        var pending = answer.Info.ValueKind == JsonValueKind.Object && answer.Info.TryGetProperty("total_count", out var t) && t.TryGetInt32(out var n)
            ? n
            : answer.Result.ValueKind == JsonValueKind.Array ? answer.Result.GetArrayLength() : 0;
        var cap = options.Value.PendingZoneCap;
        var message = $"{pending} pending zones of about {cap} allowed.";
        const string fix = "Let pending zones activate (point their registrar nameservers at Cloudflare) or delete abandoned ones before starting more sites on this account.";
        return pending >= cap ? PreflightOutcome.Fail(message, fix)
            : pending * 5 >= cap * 4 ? PreflightOutcome.Warn(message, fix)
            : PreflightOutcome.Pass(message);
    }
}
