using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Workflows.Content;

/// <summary>Settings of a content/deploy run, carried in the orchestration input (so replays see the same values).</summary>
public sealed record ContentSettings
{
    /// <summary>Pages to write; null uses <see cref="DefaultPages"/> built from the site's niche.</summary>
    public IReadOnlyList<PageRequest>? Pages { get; init; }

    /// <summary>Regenerate pages that already exist in the content store. Default false (a re-run spends no tokens).</summary>
    public bool Regenerate { get; init; }

    /// <summary>Base URL of the Matomo instance for the tracking snippet; no snippet when null.</summary>
    public string? MatomoUrl { get; init; }

    /// <summary>Skip Search Console verification even when the site has a GSC account. Default false.</summary>
    public bool SkipSearchConsole { get; init; }

    /// <summary>Verification attempts while DNS propagates. Default 12.</summary>
    public int VerificationAttempts { get; init; } = 12;

    /// <summary>First wait between verification attempts (doubles, capped at <see cref="VerificationMaxDelay"/>). Default 30 s.</summary>
    public TimeSpan VerificationFirstDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between verification attempts. Default 10 minutes.</summary>
    public TimeSpan VerificationMaxDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Durable attempts of each step on transient errors. Default 4.</summary>
    public int StepMaxAttempts { get; init; } = 4;

    /// <summary>First durable retry delay. Default 10 s.</summary>
    public TimeSpan StepFirstRetry { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pages for a site without an explicit list: a guide, a beginner's page, an FAQ-style page and an about page.</summary>
    public static IReadOnlyList<PageRequest> DefaultPages(string niche) =>
    [
        new("guide", $"A complete guide to {niche}"),
        new("getting-started", $"Getting started with {niche}: first steps for beginners"),
        new("common-mistakes", $"Common mistakes in {niche} and how to avoid them"),
        new("about", $"About this site and why we write about {niche}"),
    ];
}
