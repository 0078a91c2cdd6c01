using WebsiteFactory.Providers.CloudPanel;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>The verdict on <c>openssl x509 -noout -issuer -subject -ext subjectAltName -checkend</c> output, and the options behind it.</summary>
public sealed class InstalledCertificateTests
{
    private const string LetsEncrypt = """
        issuer=C = US, O = Let's Encrypt, CN = R11
        subject=CN = a.com
        X509v3 Subject Alternative Name: 
            DNS:a.com, DNS:www.a.com
        Certificate will not expire

        """;

    [Fact]
    public void Judge_LetsEncryptForBothNames_Valid()
    {
        var v = InstalledCertificate.Judge("a.com", 0, LetsEncrypt, string.Empty);
        Assert.Equal(InstalledCertificateState.Valid, v.State);
        Assert.Equal("C = US, O = Let's Encrypt, CN = R11", v.Detail);
    }

    [Fact]
    public void Judge_NamesInOtherCaseAndOrder_Valid() =>
        Assert.Equal(InstalledCertificateState.Valid, InstalledCertificate.Judge("a.com", 0, LetsEncrypt.Replace("DNS:a.com, DNS:www.a.com", "DNS:WWW.A.COM, DNS:b.com, DNS:A.com", StringComparison.Ordinal), string.Empty).State);

    [Fact]
    public void Judge_WwwMissing_NameMissing()
    {
        var v = InstalledCertificate.Judge("a.com", 0, LetsEncrypt.Replace(", DNS:www.a.com", string.Empty, StringComparison.Ordinal), string.Empty);
        Assert.Equal(InstalledCertificateState.NameMissing, v.State);
        Assert.Contains("www.a.com", v.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoSubjectAltName_NameMissing() =>
        Assert.Equal(InstalledCertificateState.NameMissing, InstalledCertificate.Judge("a.com", 0, "issuer=CN = R11\nsubject=CN = a.com\nNo extensions in certificate\nCertificate will not expire\n", string.Empty).State);

    [Fact]
    public void Judge_IssuerEqualsSubject_SelfSigned() =>
        Assert.Equal(InstalledCertificateState.SelfSigned, InstalledCertificate.Judge("a.com", 0, LetsEncrypt.Replace("C = US, O = Let's Encrypt, CN = R11", "CN = a.com", StringComparison.Ordinal), string.Empty).State);

    [Fact]
    public void Judge_WillExpire_Expiring() =>
        Assert.Equal(InstalledCertificateState.Expiring, InstalledCertificate.Judge("a.com", 1, LetsEncrypt.Replace("will not expire", "will expire", StringComparison.Ordinal), string.Empty).State);

    [Theory]
    [InlineData("Could not open file or uri for loading certificate from /etc/nginx/ssl-certificates/a.com.crt\nerror:80000002:system library:file_open:No such file or directory\nUnable to load certificate")]
    [InlineData("Error opening Certificate /etc/nginx/ssl-certificates/a.com.crt\n140:error:02001002:system library:fopen:No such file or directory\nunable to load certificate")]
    public void Judge_NoFile_Missing(string error) =>
        Assert.Equal(InstalledCertificateState.Missing, InstalledCertificate.Judge("a.com", 1, string.Empty, error).State);

    [Theory]
    [InlineData(127, "bash: line 1: openssl: command not found")]
    [InlineData(1, "sudo: a password is required")]
    [InlineData(1, "Could not open file or uri for loading certificate from x\nPermission denied")]
    [InlineData(0, "")]
    public void Judge_CheckCannotAnswer_Unknown(int exitCode, string error)
    {
        var v = InstalledCertificate.Judge("a.com", exitCode, string.Empty, error);
        Assert.Equal(InstalledCertificateState.Unknown, v.State);
        Assert.StartsWith($"exit {exitCode}", v.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Could not open file or uri for loading certificate from x\nerror:8000000D:system library:file_open:Permission denied", true)]
    [InlineData("bash: line 1: openssl: command not found", false)]
    public void Judge_Unknown_TellsWhetherPermissionWasDenied(string error, bool denied) =>
        Assert.Equal(denied, InstalledCertificate.Judge("a.com", 1, string.Empty, new string('x', 400) + error).PermissionDenied);

    [Fact]
    public void Command_QuotesThePathAndUsesThePrivilegePrefix()
    {
        var options = new CloudPanelOptions { ClpctlCommand = "sudo -n clpctl" };
        Assert.Equal(
            "sudo -n openssl x509 -in '/etc/nginx/ssl-certificates/a.com.crt' -noout -issuer -subject -ext subjectAltName -checkend 2592000",
            InstalledCertificate.Command(options.PrivilegePrefix, $"{options.CertificateDirectory}/a.com.crt", options.CertificateMinimumValidity));
    }

    [Theory]
    [InlineData("clpctl", "")]
    [InlineData("/usr/bin/clpctl", "")]
    [InlineData("sudo -n clpctl", "sudo -n ")]
    [InlineData("/usr/bin/sudo -n /usr/bin/clpctl", "/usr/bin/sudo -n ")]
    [InlineData("doas clpctl", "doas ")]
    public void PrivilegePrefix_FollowsClpctlCommand(string clpctl, string expected) =>
        Assert.Equal(expected, new CloudPanelOptions { ClpctlCommand = clpctl }.PrivilegePrefix);

    [Theory]
    [InlineData("relative/dir")]
    [InlineData("/etc/nginx/ssl certificates")]
    [InlineData("/etc/$(id)")]
    public void Validate_BadCertificateDirectory_Rejected(string directory) =>
        Assert.Contains("CertificateDirectory", new CloudPanelOptions { CertificateDirectory = directory }.Validate(), StringComparison.Ordinal);

    [Fact]
    public void Validate_Defaults_Valid()
    {
        Assert.Null(new CloudPanelOptions().Validate());
        Assert.NotNull(new CloudPanelOptions { CertificateMinimumValidity = TimeSpan.FromDays(90) }.Validate());
    }
}
