namespace WebsiteFactory.Api.Endpoints;

/// <summary>The body of <c>POST /api/sites</c> and <c>PUT /api/sites/{domain}</c> (on PUT, <see cref="Domain"/> is ignored and every editable field is replaced).</summary>
/// <param name="Domain">The domain (create only).</param>
/// <param name="CloudflareAccountId">The Cloudflare account.</param>
/// <param name="RegistrarAccountId">The registrar account.</param>
/// <param name="ServerId">The hosting server.</param>
/// <param name="GscAccountId">The Search Console account.</param>
/// <param name="Brand">The brand name used in content.</param>
/// <param name="Niche">The topic of the site.</param>
/// <param name="Language">The content language (BCP 47; default en).</param>
public sealed record SiteRequest(
    string? Domain,
    Guid? CloudflareAccountId,
    Guid? RegistrarAccountId,
    Guid? ServerId,
    Guid? GscAccountId,
    string? Brand,
    string? Niche,
    string? Language);
