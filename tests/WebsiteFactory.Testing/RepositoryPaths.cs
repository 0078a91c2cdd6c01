using System.Runtime.CompilerServices;

namespace WebsiteFactory.Testing;

/// <summary>
/// Paths inside the checkout under test. Build outputs may live outside the repository (<c>--artifacts-path</c>), so the
/// root is found from where this file was compiled from, not from the test binaries.
/// </summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the directory holding <c>WebsiteFactory.sln</c>).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Astro site template, <c>templates/site</c>.</summary>
    public static string SiteTemplate => Path.Combine(Root, "templates", "site");

    private static string FindRoot([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WebsiteFactory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find WebsiteFactory.sln above {sourceFile}.");
    }
}
