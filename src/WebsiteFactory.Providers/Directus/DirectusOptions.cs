namespace WebsiteFactory.Providers.Directus;

/// <summary>Settings of the Directus client (configuration section <c>Content:Directus</c>).</summary>
public sealed class DirectusOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:Directus";

    /// <summary>Base URL of the Directus instance, e.g. <c>https://cms.example.net/</c>. Default <c>http://127.0.0.1:8055/</c>.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:8055/");

    /// <summary>Secret-store name of the static token of the product's Directus user. Default <c>directus-token</c>.</summary>
    public string TokenSecretName { get; set; } = "directus-token";

    /// <summary>Collection holding every site's pages. Default <c>wf_pages</c>.</summary>
    public string PagesCollection { get; set; } = "wf_pages";

    /// <summary>Returns why these options are unusable, or null when they are fine.</summary>
    public string? Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            return "Content:Directus:BaseUrl must be an absolute http(s) URL.";
        }

        if (!Core.Domain.SecretName.TryParse(TokenSecretName, out _, out var error))
        {
            return "Content:Directus:TokenSecretName: " + error;
        }

        return PagesCollection is { Length: > 0 and <= 64 } && PagesCollection.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? null
            : "Content:Directus:PagesCollection must be 1-64 characters of a-z, 0-9 and '_'.";
    }
}
