using System.Text.RegularExpressions;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>What the look at a site's installed certificate found.</summary>
internal enum InstalledCertificateState
{
    /// <summary>CA-issued, covers the domain and <c>www.</c>, valid long enough: do not order another.</summary>
    Valid,

    /// <summary>No certificate file.</summary>
    Missing,

    /// <summary>The self-signed certificate <c>site:add:static</c> installs (issuer equals subject).</summary>
    SelfSigned,

    /// <summary>Expires within the minimum validity (or already expired).</summary>
    Expiring,

    /// <summary>Does not cover every name of the site.</summary>
    NameMissing,

    /// <summary>The check itself failed (no openssl, no permission, unreadable output): issue anyway.</summary>
    Unknown,
}

/// <summary>The verdict on a site's installed certificate, with a short reason for the log.</summary>
/// <param name="State">What was found.</param>
/// <param name="Detail">Issuer (when valid) or the reason.</param>
/// <param name="PermissionDenied">The check could not read the file for lack of permission (worth a privileged retry).</param>
internal sealed partial record InstalledCertificate(InstalledCertificateState State, string Detail, bool PermissionDenied = false)
{
    /// <summary>
    /// The remote command: <c>openssl x509</c> printing issuer, subject and the SAN list of <paramref name="path"/> and
    /// checking it stays valid for <paramref name="minimumValidity"/> (exit 1 and "Certificate will expire" otherwise).
    /// </summary>
    public static string Command(string privilegePrefix, string path, TimeSpan minimumValidity) =>
        $"{privilegePrefix}openssl x509 -in {ShellQuote.Quote(path)} -noout -issuer -subject -ext subjectAltName -checkend "
        + ((long)minimumValidity.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The names a CloudPanel Let's Encrypt certificate of <paramref name="domain"/> covers: the domain and its <c>www.</c> twin.</summary>
    public static IReadOnlyList<string> RequiredNames(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        return domain.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? [domain, domain[4..]] : [domain, "www." + domain];
    }

    /// <summary>Judges the output of <see cref="Command"/> (OpenSSL 1.1.1 and 3.x print the same lines).</summary>
    public static InstalledCertificate Judge(string domain, int exitCode, string output, string error)
    {
        output ??= string.Empty;
        error ??= string.Empty;
        if (exitCode == 1 && output.Contains("Certificate will expire", StringComparison.Ordinal))
        {
            return new(InstalledCertificateState.Expiring, "expires within the minimum validity");
        }

        if (exitCode != 0 || !output.Contains("Certificate will not expire", StringComparison.Ordinal))
        {
            // openssl's "Could not open file ... No such file or directory" (3.x) / "Error opening Certificate" (1.1.1).
            var text = $"{output} {error}";
            return text.Contains("No such file or directory", StringComparison.Ordinal)
                ? new(InstalledCertificateState.Missing, "no certificate file")
                : new(InstalledCertificateState.Unknown, $"exit {exitCode}: {OneLine(text)}", text.Contains("Permission denied", StringComparison.OrdinalIgnoreCase));
        }

        var issuer = Field(output, "issuer=");
        var subject = Field(output, "subject=");
        if (issuer is null || subject is null)
        {
            return new(InstalledCertificateState.Unknown, $"no issuer or subject in: {OneLine(output)}");
        }

        if (string.Equals(issuer, subject, StringComparison.Ordinal))
        {
            return new(InstalledCertificateState.SelfSigned, $"self-signed ({subject})");
        }

        var names = DnsNameRegex().Matches(output).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = RequiredNames(domain).Where(n => !names.Contains(n)).ToList();
        return missing.Count > 0
            ? new(InstalledCertificateState.NameMissing, $"does not cover {string.Join(", ", missing)}")
            : new(InstalledCertificateState.Valid, issuer);
    }

    private static string? Field(string output, string prefix) =>
        output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))?[prefix.Length..].Trim();

    private static string OneLine(string text)
    {
        text = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
        return text.Length > 300 ? text[..300] : text;
    }

    [GeneratedRegex(@"DNS:([^,\s]+)", RegexOptions.CultureInvariant)]
    private static partial Regex DnsNameRegex();
}
