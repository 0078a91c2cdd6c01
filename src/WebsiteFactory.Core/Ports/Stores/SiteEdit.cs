using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// The operator-editable fields of a site, replaced as a whole by <see cref="ISiteRepository.UpdateAsync"/>. The domain
/// cannot change (delete and re-create instead); step statuses change only through <see cref="ISiteStateStore"/>.
/// </summary>
public sealed record SiteEdit
{
    /// <summary>Cloudflare account for the zone.</summary>
    public Guid? CloudflareAccountId { get; init; }

    /// <summary>Registrar account holding the domain.</summary>
    public Guid? RegistrarAccountId { get; init; }

    /// <summary>CloudPanel server to host it.</summary>
    public Guid? ServerId { get; init; }

    /// <summary>Search Console account.</summary>
    public Guid? GscAccountId { get; init; }

    /// <summary>Brand name for content generation.</summary>
    public string? Brand { get; init; }

    /// <summary>Topic for content generation.</summary>
    public string? Niche { get; init; }

    /// <summary>Content language (BCP 47).</summary>
    public string Language { get; init; } = "en";

    /// <summary>The current editable values of a site, to modify with <c>with</c>.</summary>
    public static SiteEdit From(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return new SiteEdit
        {
            CloudflareAccountId = site.CloudflareAccountId,
            RegistrarAccountId = site.RegistrarAccountId,
            ServerId = site.ServerId,
            GscAccountId = site.GscAccountId,
            Brand = site.Brand,
            Niche = site.Niche,
            Language = site.Language,
        };
    }

    /// <summary>Checks the free-text fields; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate() => NewSite.ValidateEditableFields(Brand, Niche, Language);
}
