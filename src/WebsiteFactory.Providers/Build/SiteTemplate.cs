using System.Security.Cryptography;
using System.Text;
using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Providers.Build;

/// <summary>The Astro site template (<c>templates/site</c>): where it is, which of its files a build uses, and their hashes.</summary>
internal static class SiteTemplate
{
    /// <summary>Top-level entries that are build products or inputs, never part of the template.</summary>
    public static readonly IReadOnlyList<string> SkippedEntries = ["node_modules", "dist", ".astro", "site.json"];

    /// <summary>
    /// The configured template directory (it must hold a <c>package.json</c>), else the first <c>templates/site</c> found
    /// walking up from the application's base directory or the current directory.
    /// </summary>
    public static string Resolve(string? configured, string provider)
    {
        if (configured is not null)
        {
            return File.Exists(Path.Combine(configured, "package.json"))
                ? Path.GetFullPath(configured)
                : throw new ProviderException(provider, ProviderErrorKind.Permanent, $"Content:Build:TemplateDirectory '{configured}' has no package.json.");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "templates", "site");
                if (File.Exists(Path.Combine(candidate, "package.json")))
                {
                    return candidate;
                }
            }
        }

        throw new ProviderException(provider, ProviderErrorKind.Permanent, "The Astro template (templates/site) was not found; set Content:Build:TemplateDirectory.");
    }

    /// <summary>The template's files as paths relative to it, with '/' separators, in ordinal order.</summary>
    public static IReadOnlyList<string> Files(string template)
    {
        var root = Path.GetFullPath(template);
        var files = new List<string>();
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (SkippedEntries.Contains(entry.Name, StringComparer.Ordinal))
            {
                continue;
            }

            if (entry is DirectoryInfo d)
            {
                files.AddRange(d.EnumerateFiles("*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f.FullName)));
            }
            else
            {
                files.Add(entry.Name);
            }
        }

        return [.. files.Select(f => f.Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// SHA-256 (hex, 32 characters) over every template file's relative path and content: the template's version, so a
    /// server receives each version once and any change, however small, is a new one.
    /// </summary>
    public static string ContentHash(string template)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(template))
        {
            var content = File.ReadAllBytes(Path.Combine(template, file));
            hash.AppendData(Encoding.UTF8.GetBytes($"{file}\0{content.Length}\0"));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>The key of an installed <c>node_modules</c>: SHA-256 (16 hex characters) of <c>package.json</c> + <c>package-lock.json</c>.</summary>
    public static string DependencyKey(byte[] packageJson, byte[] packageLock) =>
        Convert.ToHexStringLower(SHA256.HashData([.. packageJson, .. packageLock]))[..16];

    /// <summary>The dependency key of the template on disk.</summary>
    public static string DependencyKey(string template)
    {
        var lockPath = Path.Combine(template, "package-lock.json");
        return DependencyKey(File.ReadAllBytes(Path.Combine(template, "package.json")), File.Exists(lockPath) ? File.ReadAllBytes(lockPath) : []);
    }
}
