using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class ValueTypeTests
{
    [Theory]
    [InlineData("cf-token-01")]
    [InlineData("A")]
    [InlineData("ssh-key-CP1")]
    public void SecretName_Valid_Parses(string input)
    {
        Assert.Equal(input, SecretName.Parse(input, CultureInfo.InvariantCulture).Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("a_b")]
    [InlineData("a.b")]
    [InlineData("$(id)")]
    [InlineData("name;rm")]
    [InlineData("line\nbreak")]
    public void SecretName_Invalid_IsRejected(string? input)
    {
        Assert.False(SecretName.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<ArgumentException>(() => SecretName.Validate(input));
    }

    [Fact]
    public void SecretName_Length_IsLimitedTo127()
    {
        Assert.True(SecretName.TryParse(new string('a', 127), out _, out _));
        Assert.False(SecretName.TryParse(new string('a', 128), out _, out _));
    }

    [Fact]
    public void SecretName_Equality_IgnoresCaseLikeKeyVault()
    {
        Assert.Equal(SecretName.Parse("CF-Token", CultureInfo.InvariantCulture), SecretName.Parse("cf-token", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("/home/site/htdocs/example.com")]
    [InlineData("/")]
    [InlineData("/var/www/a_b-c.d")]
    public void RemotePath_Valid_Parses(string input)
    {
        Assert.Equal(input, RemotePath.Parse(input, CultureInfo.InvariantCulture).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path")]
    [InlineData("/home/../etc")]
    [InlineData("/home/./x")]
    [InlineData("/home//x")]
    [InlineData("/home/x/")]
    [InlineData("/home/x y")]
    [InlineData("/home/$(id)")]
    [InlineData("/home/x;rm -rf /")]
    [InlineData("/home/'x'")]
    [InlineData("/home/x\ny")]
    public void RemotePath_Invalid_IsRejected(string input)
    {
        Assert.False(RemotePath.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void RemotePath_ForDocRoot_IsCloudPanelLayout()
    {
        var path = RemotePath.ForDocRoot(SiteUser.Parse("example"), DomainName.Parse("Example.com", CultureInfo.InvariantCulture));

        Assert.Equal("/home/example/htdocs/example.com", path.Value);
        Assert.Equal("/home/example/htdocs/example.com/releases", path.Append("releases").Value);
        Assert.Throws<FormatException>(() => path.Append(".."));
    }

    private const string Fingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

    [Theory]
    [InlineData(Fingerprint)]
    [InlineData("nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")]
    [InlineData("nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8=")]
    [InlineData("sha256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")]
    public void SshHostKeyFingerprint_AcceptedForms_NormaliseToOpenSshForm(string input)
    {
        var fp = SshHostKeyFingerprint.Parse(input, CultureInfo.InvariantCulture);

        Assert.Equal(Fingerprint, fp.Value);
        Assert.Equal("nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", fp.Base64);
        Assert.True(fp.Matches("nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("SHA256:")]
    [InlineData("SHA256:tooShort")]
    [InlineData("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")]
    [InlineData("16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")]
    [InlineData("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8X")]
    [InlineData("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5S!8")]
    [InlineData("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8; rm -rf /")]
    public void SshHostKeyFingerprint_Invalid_IsRejected(string input)
    {
        Assert.False(SshHostKeyFingerprint.TryParse(input, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void SshHostKeyFingerprint_OtherKey_DoesNotMatch()
    {
        var fp = SshHostKeyFingerprint.Parse(Fingerprint, CultureInfo.InvariantCulture);

        Assert.False(fp.Matches("SHA256:AAAAg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"));
        Assert.False(fp.Matches(null));
        Assert.False(fp.Matches("garbage"));
    }
}
