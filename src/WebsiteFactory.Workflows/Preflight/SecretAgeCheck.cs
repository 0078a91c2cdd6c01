using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;

namespace WebsiteFactory.Workflows.Preflight;

/// <summary>
/// <c>secret-age</c>: every secret an account or server refers to, warned about when it was last written longer ago than
/// <see cref="PreflightOptions.SecretMaxAge"/> (token rotation), failed when it is missing. Needs a store that records write
/// times (<see cref="ISecretAgeSource"/>: the local store and Key Vault do).
/// </summary>
public sealed class SecretAgeCheck(
    ISecretStore secrets,
    ICloudflareAccountRepository cloudflare,
    IRegistrarAccountRepository registrars,
    IHostingServerRepository servers,
    IGscAccountRepository gsc,
    PreflightOptions options,
    TimeProvider clock) : IPreflightCheck
{
    /// <summary>The check's name.</summary>
    public const string Name = "secret-age";

    /// <inheritdoc />
    public async Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken)
    {
        if (secrets is not ISecretAgeSource ages)
        {
            return [];
        }

        var named = new List<(string Target, SecretName Secret)>();
        named.AddRange((await cloudflare.ListAsync(cancellationToken).ConfigureAwait(false)).Select(a => (PreflightTargets.Of(a), a.ApiTokenSecretName)));
        foreach (var r in await registrars.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            named.Add((PreflightTargets.Of(r), r.ApiKeySecretName));
            if (r.ApiSecretSecretName is { } s)
            {
                named.Add((PreflightTargets.Of(r), s));
            }
        }

        named.AddRange((await servers.ListAsync(cancellationToken).ConfigureAwait(false)).Select(s => (PreflightTargets.Of(s), s.SshKeySecretName)));
        named.AddRange((await gsc.ListAsync(cancellationToken).ConfigureAwait(false)).Select(g => (PreflightTargets.Of(g), g.CredentialsSecretName)));
        return [.. named.DistinctBy(n => (n.Target, n.Secret.Value)).Select(n => new PreflightProbe(Name, n.Target, ct => ProbeAsync(ages, n.Secret.Value, ct)))];
    }

    private async Task<PreflightOutcome> ProbeAsync(ISecretAgeSource ages, string secret, CancellationToken cancellationToken)
    {
        if (await ages.GetLastWrittenAsync(secret, cancellationToken).ConfigureAwait(false) is not { } written)
        {
            return PreflightOutcome.Fail($"Secret '{secret}' does not exist.", $"Store the credential under '{secret}' (save the account or server again with it, or set it in Key Vault) before provisioning.");
        }

        var age = clock.GetUtcNow() - written;
        var days = (int)age.TotalDays;
        return age > options.SecretMaxAge
            ? PreflightOutcome.Warn(
                $"Secret '{secret}' was last written {days} days ago (limit {(int)options.SecretMaxAge.TotalDays}).",
                $"Rotate it: issue a new credential at the vendor, store it under '{secret}', then revoke the old one.")
            : PreflightOutcome.Pass($"Secret '{secret}' was written {days} days ago.");
    }
}
