namespace WebsiteFactory.Core.Hosting;

/// <summary>
/// Default places of the product's own files on this machine: <c>/var/lib/website-factory</c> when running as root,
/// else <c>~/.local/share/website-factory</c>. Nothing the product keeps lands in the system temp directory unless a
/// setting says so (a temp cleaner must not remove a build between its build and deploy steps, and two instances must
/// not meet there).
/// </summary>
public static class DataPaths
{
    /// <summary>Gets the root of the product's files for the current user.</summary>
    public static string Root => Environment.IsPrivilegedProcess
        ? "/var/lib/website-factory"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "website-factory");

    /// <summary>A directory under <see cref="Root"/>.</summary>
    /// <param name="parts">Path segments below the root (e.g. <c>work</c>, <c>artifacts</c>).</param>
    /// <returns>The full path.</returns>
    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);
}
