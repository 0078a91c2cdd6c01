namespace WebsiteFactory.Core.Ports.Content;

/// <summary>A generated page with what it cost.</summary>
/// <param name="Page">The validated page.</param>
/// <param name="Usage">Tokens used, summed over every attempt (failed attempts cost tokens too).</param>
/// <param name="Attempts">Model calls made, including retries for invalid or truncated output.</param>
public sealed record GeneratedPageResult(GeneratedPage Page, TokenUsage Usage, int Attempts);
