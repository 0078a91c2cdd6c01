using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class SecretRedactorTests
{
    private const string CloudflareToken = "Yx3kP9qLm2Vb7Nc4Rt8Wz1Hs6Jd0Fg5Ua2Ee3Qo"; // 40 chars, mixed case, digits

    [Theory]
    [InlineData("Authorization: Bearer " + CloudflareToken)]
    [InlineData("request failed: token=" + CloudflareToken + "&x=1")]
    [InlineData("{\"api_key\": \"" + CloudflareToken + "\"}")]
    [InlineData("password=hunter2hunter2 rejected")]
    [InlineData("ApiKey=abcdef0123456789abcdef0123456789 not whitelisted")]
    [InlineData("unexpected response " + CloudflareToken)]
    public void Redact_SecretLookingText_RemovesTheSecret(string text)
    {
        var redacted = SecretRedactor.Redact(text)!;

        Assert.Contains(SecretRedactor.Redacted, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(CloudflareToken, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2hunter2", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef0123456789abcdef0123456789", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PemPrivateKey_IsRemovedWhole()
    {
        const string text = "ssh failed with key -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAA\n-----END OPENSSH PRIVATE KEY----- (end)";

        var redacted = SecretRedactor.Redact(text)!;

        Assert.DoesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", redacted, StringComparison.Ordinal);
        Assert.StartsWith("ssh failed with key [REDACTED PRIVATE KEY]", redacted, StringComparison.Ordinal);
        Assert.EndsWith("(end)", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_KnownSecret_IsRemovedVerbatim()
    {
        var redacted = SecretRedactor.Redact("value was lowercasesecret here", ["lowercasesecret"])!;

        Assert.Equal("value was [REDACTED] here", redacted);
    }

    [Theory]
    [InlineData("Zone 023e105f4ecef8ad9ca31a8372d0c353 is pending")]
    [InlineData("Cloudflare error 1061: example.com already exists")]
    [InlineData("host key mismatch: expected SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8")]
    [InlineData("Namecheap error 1011150: Parameter RequestIP is invalid (203.0.113.7 not whitelisted)")]
    [InlineData("")]
    public void Redact_OrdinaryDiagnostics_AreKept(string text)
    {
        Assert.Equal(text, SecretRedactor.Redact(text));
    }

    [Fact]
    public void Redact_Null_StaysNull()
    {
        Assert.Null(SecretRedactor.Redact(null));
    }
}
