using Microsoft.AspNetCore.Routing;
using WebsiteFactory.Simulators.Directus;
using WebsiteFactory.Simulators.SearchConsole;

namespace WebsiteFactory.Simulators.Content;

/// <summary>
/// The content-side simulators mapped together for the demo host: chat completions at <c>/openai/v1/chat/completions</c>,
/// Directus under <c>/directus</c>, Google OAuth + Site Verification + Search Console under <c>/google</c>.
/// </summary>
/// <remarks>
/// Matching client settings for base address <c>B</c>: <c>Content:Generator:BaseUrl = B/openai/</c>,
/// <c>Content:Directus:BaseUrl = B/directus/</c>, <c>Content:SearchConsole:TokenUrl = B/google/token</c>,
/// <c>SiteVerificationBaseUrl = B/google/siteVerification/v1/</c>, <c>SearchConsoleBaseUrl = B/google/webmasters/v3/</c>.
/// Seeded credentials: API key <see cref="ChatApiKey"/>, Directus token <see cref="DirectusToken"/>, Google client
/// <see cref="GoogleClientId"/>/<see cref="GoogleClientSecret"/> with refresh token <see cref="GoogleRefreshToken"/>.
/// </remarks>
public sealed class ContentSimulators
{
    /// <summary>Seeded chat API key.</summary>
    public const string ChatApiKey = "sim-openai-key";

    /// <summary>Seeded Directus static token (admin).</summary>
    public const string DirectusToken = "sim-directus-token";

    /// <summary>Seeded Google OAuth client id.</summary>
    public const string GoogleClientId = "sim-google-client";

    /// <summary>Seeded Google OAuth client secret.</summary>
    public const string GoogleClientSecret = "sim-google-secret";

    /// <summary>Seeded Google refresh token.</summary>
    public const string GoogleRefreshToken = "sim-google-refresh-token";

    /// <summary>Google user the refresh token belongs to.</summary>
    public const string GoogleUser = "demo@example.com";

    private ContentSimulators(ChatCompletionsSimulator chat, DirectusSimulator directus, SearchConsoleSimulator searchConsole)
    {
        Chat = chat;
        Directus = directus;
        SearchConsole = searchConsole;
    }

    /// <summary>The chat completions simulator.</summary>
    public ChatCompletionsSimulator Chat { get; }

    /// <summary>The Directus simulator.</summary>
    public DirectusSimulator Directus { get; }

    /// <summary>The Google simulator.</summary>
    public SearchConsoleSimulator SearchConsole { get; }

    /// <summary>
    /// Creates the three simulators with demo credentials and maps them. <paramref name="txtLookup"/> lets Site Verification
    /// see the TXT records of the Cloudflare simulator (name → values); without it, only <see cref="SearchConsoleSimulator.PublishTxt"/>.
    /// </summary>
    public static ContentSimulators Map(IEndpointRouteBuilder routes, TimeProvider clock, Func<string, IReadOnlyList<string>>? txtLookup = null,
        ChatSimulatorOptions? chatOptions = null, SearchConsoleSimulatorOptions? searchConsoleOptions = null)
    {
        chatOptions ??= new ChatSimulatorOptions();
        chatOptions.ApiKeys.Add(ChatApiKey);
        searchConsoleOptions ??= new SearchConsoleSimulatorOptions();
        searchConsoleOptions.TxtLookup ??= txtLookup;
        var set = new ContentSimulators(new ChatCompletionsSimulator(chatOptions), new DirectusSimulator(), new SearchConsoleSimulator(searchConsoleOptions, clock));
        set.Directus.AddToken(DirectusToken);
        set.SearchConsole.AddAccount(GoogleClientId, GoogleClientSecret, GoogleRefreshToken, GoogleUser);
        set.Chat.Map(routes, "/openai/v1/chat/completions");
        set.Directus.Map(routes, "/directus");
        set.SearchConsole.Map(routes, "/google");
        return set;
    }
}
