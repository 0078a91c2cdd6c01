namespace WebsiteFactory.Core.Ports.Content;

/// <summary>A finished build.</summary>
/// <param name="OutputDirectory">Directory holding the static files (the caller owns and deletes it).</param>
/// <param name="FileCount">Number of files produced.</param>
/// <param name="Duration">Wall time of the build, including template copy and dependency linking.</param>
public sealed record SiteBuildResult(string OutputDirectory, int FileCount, TimeSpan Duration);
