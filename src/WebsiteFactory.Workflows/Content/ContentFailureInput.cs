using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows.Content;

/// <summary>Input of <see cref="Activities.RecordContentFailureActivity"/>.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Step">The failed step (<see cref="SiteStep.Content"/>, <see cref="SiteStep.Build"/>, <see cref="SiteStep.Deploy"/> or <see cref="SiteStep.SearchConsole"/>).</param>
/// <param name="Message">Why (sanitised).</param>
/// <param name="Actor">Who.</param>
/// <param name="KeepStatus">
/// Record the event and <c>error_message</c> but leave the step's status column as it is: a failed rollback changes
/// nothing on the server, so the site is still as deployed (or not) as before.
/// </param>
public sealed record ContentFailureInput(Guid SiteId, SiteStep Step, string Message, string Actor, bool KeepStatus = false);
