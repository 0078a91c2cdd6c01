using System.Text.RegularExpressions;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>
/// Server console settings (section <c>Providers:ServerConsole</c>). Paths of the site homes and certificates, the
/// privilege prefix and the session limit come from <see cref="CloudPanelOptions"/>, so the console looks where the
/// provisioning adapter writes.
/// </summary>
public sealed partial class ServerConsoleOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:ServerConsole";

    /// <summary>
    /// systemd units whose state is shown (without <c>.service</c>). A unit the server does not have is shown as not
    /// installed. Default <c>nginx</c>, <c>php8.3-fpm</c>, <c>mysql</c>, <c>varnish</c> (CloudPanel v2 on Debian 12).
    /// </summary>
    /// <remarks>Null means the defaults (a list with defaults would be appended to by the configuration binder).</remarks>
    public IReadOnlyList<string>? Services { get; set; }

    /// <summary>File systems whose usage is shown. Default <c>/</c> and <c>/home</c> (the sites' homes).</summary>
    /// <remarks>Null means the defaults.</remarks>
    public IReadOnlyList<string>? DiskPaths { get; set; }

    /// <summary>The units shown: <see cref="Services"/> or the defaults.</summary>
    public IReadOnlyList<string> EffectiveServices => Services is { Count: > 0 } s ? s : ["nginx", "php8.3-fpm", "mysql", "varnish"];

    /// <summary>The file systems shown: <see cref="DiskPaths"/> or the defaults.</summary>
    public IReadOnlyList<string> EffectiveDiskPaths => DiskPaths is { Count: > 0 } d ? d : ["/", "/home"];

    /// <summary>How <c>systemctl</c> is invoked (words of <c>[A-Za-z0-9/_.-]</c>). Default <c>systemctl</c>.</summary>
    public string SystemctlCommand { get; set; } = "systemctl";

    /// <summary>How <c>nginx</c> is invoked for the configuration test before a reload. Default <c>nginx</c>.</summary>
    public string NginxCommand { get; set; } = "nginx";

    /// <summary>
    /// A filtered log request searches this many of the newest lines of the log (then returns the last matches), so one
    /// search of a multi-gigabyte access log stays bounded. Default 50000.
    /// </summary>
    public int LogScanLines { get; set; } = 50_000;

    /// <summary>Timeout of one console command (the certificate renewal uses <see cref="CloudPanelOptions.CommandTimeout"/>). Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Returns an error text, or null when valid.</summary>
    /// <returns>The first problem found.</returns>
    public string? Validate() =>
        EffectiveServices.Count > 32 || !EffectiveServices.All(s => UnitRegex().IsMatch(s)) ? "Services must be 1-32 unit names of [A-Za-z0-9@_.-]."
        : EffectiveDiskPaths.Count > 16 || !EffectiveDiskPaths.All(p => PathRegex().IsMatch(p)) ? "DiskPaths must be 1-16 absolute paths of [A-Za-z0-9/_.-]."
        : !CommandRegex().IsMatch(SystemctlCommand) ? "SystemctlCommand must be words of [A-Za-z0-9/_.-] separated by single spaces."
        : !CommandRegex().IsMatch(NginxCommand) ? "NginxCommand must be words of [A-Za-z0-9/_.-] separated by single spaces."
        : LogScanLines is < 1000 or > 10_000_000 ? "LogScanLines must be between 1000 and 10000000."
        : CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout > TimeSpan.FromMinutes(10) ? "CommandTimeout must be between 1 second and 10 minutes."
        : null;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9@_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitRegex();

    [GeneratedRegex("^[A-Za-z0-9/_.-]+( [A-Za-z0-9/_.-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandRegex();

    [GeneratedRegex("^/[A-Za-z0-9/_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();
}
