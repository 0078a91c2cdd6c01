using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Workflows.Provisioning.Activities;

/// <summary>Before TLS: does the public A record of the apex and of <c>www</c> resolve to the site's server?</summary>
[DurableTask(Name)]
public sealed class CheckOriginActivity(ProvisioningLookups lookups, IDnsResolver dns, IActivityExecutionAccessor execution) : TaskActivity<StepInput, bool>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Provisioning_CheckOrigin";

    /// <inheritdoc />
    public override Task<bool> RunAsync(TaskActivityContext context, StepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = execution.Current.CancellationToken;
        var site = await lookups.SiteAsync(input.SiteId, ct).ConfigureAwait(false);
        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        var ip = server.GetARecordAddress();
        var apex = await dns.GetIPv4AddressesAsync(site.Domain, ct).ConfigureAwait(false);
        var www = await dns.GetIPv4AddressesAsync(Core.Domain.DomainName.Parse("www." + site.Domain.Value, CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        return apex.Contains(ip) && www.Contains(ip);
    });
}
