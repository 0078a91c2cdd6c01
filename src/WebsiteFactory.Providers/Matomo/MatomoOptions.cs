using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Matomo;

/// <summary>Matomo adapter settings (section <c>Providers:Matomo</c>).</summary>
public sealed class MatomoOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:Matomo";

    /// <summary>URL of Matomo's <c>index.php</c>, e.g. <c>https://matomo.example.com/index.php</c>. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>Secret name of the super-user <c>token_auth</c>. Default <c>matomo-token</c>.</summary>
    public string TokenSecretName { get; set; } = "matomo-token";

    /// <summary>Time zone of new sites. Default <c>UTC</c>.</summary>
    public string Timezone { get; set; } = "UTC";

    /// <summary>HTTP resilience.</summary>
    public VendorHttpOptions Http { get; set; } = new();
}
