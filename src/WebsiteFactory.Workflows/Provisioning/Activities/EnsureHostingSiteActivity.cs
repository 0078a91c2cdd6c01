using System.Security.Cryptography;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Step 5: the CloudPanel static site; the site user's password is generated once and kept in the secret store.</summary>
[DurableTask(Name)]
public sealed class EnsureHostingSiteActivity(ProvisioningLookups lookups, ICloudPanelClient cloudPanel, ISecretStore secrets, ISiteStateStore store, IActivityExecutionAccessor execution) : TaskActivity<StepInput, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_EnsureHostingSite";

    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /// <summary>Secret name of a site user's password.</summary>
    public static string PasswordSecretName(Guid siteId) => $"site-{siteId:N}-password";

    /// <inheritdoc />
    public override Task<string> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        var user = site.SiteUser is { } stored ? SiteUser.Parse(stored) : SiteUser.FromDomain(site.Domain);
        var secretName = PasswordSecretName(site.Id);
        if (await secrets.TryGetAsync(secretName, ct).ConfigureAwait(false) is null)
        {
            await secrets.SetAsync(secretName, RandomNumberGenerator.GetString(Alphabet, 24), ct).ConfigureAwait(false);
        }

        var hosted = await cloudPanel.EnsureStaticSiteAsync(server, site.Domain, user, secretName, ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.HostingSite,
            Outcome = StepOutcome.Succeeded,
            Message = hosted.Created ? $"CloudPanel site created on {server.Name} at {hosted.DocRoot}." : $"CloudPanel site already present on {server.Name} at {hosted.DocRoot}.",
            Actor = $"workflow:{context.InstanceId}",
            // Never downgrade an active site: the certificate step skips issuing when hosting is already active.
            StatusHosting = site.StatusHosting == HostingStatus.Active ? null : HostingStatus.Pending,
            HostingDocRoot = hosted.DocRoot,
            SiteUser = hosted.SiteUser,
        }, ct).ConfigureAwait(false);
        return hosted.DocRoot;
    });
}
