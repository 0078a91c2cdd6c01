namespace WebsiteFactory.Functions.Http;

/// <summary>
/// Input of the <c>ProvisionSite</c> orchestrator as the HTTP starters send it. Same JSON as the local Server's
/// <c>ProvisioningContract.SiteProvisionInput</c> (camelCase: <c>siteId</c>, <c>domain</c>, <c>fromStep</c>).
/// </summary>
/// <param name="SiteId">The site id.</param>
/// <param name="Domain">The site's domain (ASCII form).</param>
/// <param name="FromStep">The step to start from, or <see langword="null"/> for the whole pipeline.</param>
public sealed record SiteProvisionInput(Guid SiteId, string Domain, string? FromStep);
