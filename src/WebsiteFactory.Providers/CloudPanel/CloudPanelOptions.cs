using System.Text.RegularExpressions;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>CloudPanel-over-SSH settings (section <c>Providers:CloudPanel</c>).</summary>
public sealed partial class CloudPanelOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Providers:CloudPanel";

    /// <summary>
    /// How <c>clpctl</c> is invoked: <c>clpctl</c> when the SSH user is root, <c>sudo -n clpctl</c> otherwise, or an
    /// absolute path. Only <c>[A-Za-z0-9/_.-]</c> words are allowed. Default <c>clpctl</c>.
    /// </summary>
    public string ClpctlCommand { get; set; } = "clpctl";

    /// <summary>Parent of site users' homes; doc roots are <c>{HomeDirectory}/{siteUser}/htdocs/{domain}</c>. Default <c>/home</c>.</summary>
    public string HomeDirectory { get; set; } = "/home";

    /// <summary>
    /// Where CloudPanel keeps each site's installed certificate as <c>{CertificateDirectory}/{domain}.crt</c> (a self-signed one
    /// from <c>site:add:static</c>, later the Let's Encrypt one). Read before issuing so that a certificate is never ordered
    /// twice. Default <c>/etc/nginx/ssl-certificates</c>.
    /// </summary>
    public string CertificateDirectory { get; set; } = "/etc/nginx/ssl-certificates";

    /// <summary>
    /// An installed CA-issued certificate that covers the domain and <c>www.</c> and stays valid at least this long counts as
    /// installed (no new order). Default 30 days (Let's Encrypt certificates last 90).
    /// </summary>
    public TimeSpan CertificateMinimumValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Concurrent SSH sessions per server, across every worker when the host registers an <c>IServerSessionGate</c> (the
    /// PostgreSQL one does), else within this process. Default 2 (clpctl reloads nginx; parallelism buys little).
    /// </summary>
    public int MaxSessionsPerServer { get; set; } = 2;

    /// <summary>SSH connect timeout. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of one remote command (certificate issuance runs a staging dry run first). Default 5 minutes.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Returns an error text, or null when valid.</summary>
    public string? Validate() =>
        !CommandRegex().IsMatch(ClpctlCommand) ? "ClpctlCommand must be words of [A-Za-z0-9/_.-] separated by single spaces."
        : !PathRegex().IsMatch(HomeDirectory) ? "HomeDirectory must be an absolute path of [A-Za-z0-9/_.-]."
        : !PathRegex().IsMatch(CertificateDirectory) ? "CertificateDirectory must be an absolute path of [A-Za-z0-9/_.-]."
        : CertificateMinimumValidity < TimeSpan.FromHours(1) || CertificateMinimumValidity > TimeSpan.FromDays(60) ? "CertificateMinimumValidity must be between 1 hour and 60 days."
        : MaxSessionsPerServer is < 1 or > 16 ? "MaxSessionsPerServer must be between 1 and 16."
        : null;

    /// <summary>
    /// The privilege prefix of <see cref="ClpctlCommand"/>: every word before the last (<c>sudo -n</c> of <c>sudo -n clpctl</c>)
    /// followed by a space, empty when clpctl runs without one. A read that the SSH user is denied (the installed certificate)
    /// is retried with the same prefix.
    /// </summary>
    public string PrivilegePrefix
    {
        get
        {
            var words = ClpctlCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return words.Length > 1 ? string.Join(' ', words[..^1]) + " " : string.Empty;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9/_.-]+( [A-Za-z0-9/_.-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CommandRegex();

    [GeneratedRegex("^/[A-Za-z0-9/_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathRegex();
}
