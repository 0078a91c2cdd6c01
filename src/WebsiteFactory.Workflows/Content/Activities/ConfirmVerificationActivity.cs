using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>
/// Search Console step 2: asks Google to verify the domain; once verified, adds the <c>sc-domain:</c> property under the
/// site's account (gsc_verification_status: → verified). Returns false while the token is not visible yet, so the
/// orchestrator waits on a durable timer and asks again.
/// </summary>
[DurableTask(Name)]
public sealed class ConfirmVerificationActivity(ProvisioningLookups lookups, IGscAccountRepository gscAccounts, ISearchConsole searchConsole, ISiteStateStore store, IActivityExecutionAccessor execution)
    : TaskActivity<ContentStepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_ConfirmVerification";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var gscId = site.GscAccountId ?? throw new PermanentStepException($"Site {site.Domain} has no Search Console account.");
        var account = await gscAccounts.GetAsync(gscId, ct).ConfigureAwait(false) ?? throw new PermanentStepException($"Search Console account {gscId} does not exist.");
        if (await searchConsole.VerifyDomainAsync(account, site.Domain, ct).ConfigureAwait(false) != DomainVerificationResult.Verified)
        {
            return false;
        }

        await searchConsole.AddDomainPropertyAsync(account, site.Domain, ct).ConfigureAwait(false);
        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.SearchConsole,
            Outcome = StepOutcome.Succeeded,
            Message = $"Verified and added as sc-domain:{site.Domain} under {account.AccountNickname}.",
            Actor = $"workflow:{context.InstanceId}",
            GscVerificationStatus = GscVerificationStatus.Verified,
            ErrorMessage = string.Empty,
        }, ct).ConfigureAwait(false);
        return true;
    });
}
