using System.Text.RegularExpressions;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// What an operator gives to register a site. Every step status starts as <c>pending</c>. The domain is already
/// validated by its type; <see cref="Validate"/> checks the rest.
/// </summary>
public sealed partial record NewSite
{
    /// <summary>Maximum length of <see cref="Brand"/> and <see cref="Niche"/>.</summary>
    public const int MaxTextLength = 200;

    /// <summary>Id to use; <see cref="Guid.Empty"/> lets the store assign one.</summary>
    public Guid Id { get; init; }

    /// <summary>The domain (unique).</summary>
    public required DomainName Domain { get; init; }

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

    /// <summary>Content language (BCP 47), default <c>en</c>.</summary>
    public string Language { get; init; } = "en";

    /// <summary>Checks the free-text fields; returns the failures (empty when valid).</summary>
    public IReadOnlyList<FieldError> Validate() => ValidateEditableFields(Brand, Niche, Language);

    /// <summary>Checks brand, niche and language as given (shared by create, edit and import).</summary>
    public static IReadOnlyList<FieldError> ValidateEditableFields(string? brand, string? niche, string? language)
    {
        var errors = new List<FieldError>();
        CheckText(errors, "brand", brand);
        CheckText(errors, "niche", niche);
        if (string.IsNullOrEmpty(language) || !LanguageRegex().IsMatch(language))
        {
            errors.Add(new FieldError("language", "Language must be a BCP 47 tag such as 'en' or 'pt-BR'."));
        }

        return errors;
    }

    private static void CheckText(List<FieldError> errors, string field, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > MaxTextLength || value.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, $"{field} must be at most {MaxTextLength} characters without control characters."));
        }
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageRegex();
}
