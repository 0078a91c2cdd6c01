using System.Text.RegularExpressions;

namespace WebsiteFactory.Core.Ports.Content;

/// <summary>The rule for page slugs: safe as a URL segment, a file name and a Directus key component.</summary>
public static partial class ContentSlug
{
    /// <summary>Maximum slug length.</summary>
    public const int MaxLength = 80;

    /// <summary>True when <paramref name="slug"/> is lower-case letters/digits separated by single hyphens, at most <see cref="MaxLength"/> long.</summary>
    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="slug"/> is valid.</summary>
    public static string Validate(string? slug, string paramName = "slug") =>
        IsValid(slug) ? slug! : throw new ArgumentException($"Slug '{slug}' is invalid: use lower-case letters, digits and single hyphens (max {MaxLength}).", paramName);

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
