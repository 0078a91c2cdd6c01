using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Registrars;

/// <summary>Spaceship adapter settings (section <c>Providers:Spaceship</c>).</summary>
public sealed class SpaceshipOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:Spaceship";

    /// <summary>API base URL. Default <c>https://spaceship.dev/api/v1/</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://spaceship.dev/api/v1/");

    /// <summary>Wait when a 429 carries no Retry-After. Default 60 s.</summary>
    public TimeSpan DefaultRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>HTTP resilience.</summary>
    public VendorHttpOptions Http { get; set; } = new();
}
