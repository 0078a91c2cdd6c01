using System.Globalization;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class DomainNameTests
{
    [Theory]
    [InlineData("example.com", "example.com", "com", "example.com")]
    [InlineData("Example.COM", "example.com", "com", "example.com")]
    [InlineData("example.com.", "example.com", "com", "example.com")]
    [InlineData("  example.com  ", "example.com", "com", "example.com")]
    [InlineData("www.example.co.uk", "www.example.co.uk", "co.uk", "example.co.uk")]
    [InlineData("example.co.uk", "example.co.uk", "co.uk", "example.co.uk")]
    [InlineData("a.b.c.example.de", "a.b.c.example.de", "de", "example.de")]
    [InlineData("my-site.github.io", "my-site.github.io", "github.io", "my-site.github.io")]
    public void Parse_ValidName_NormalisesAndFindsRegistrableDomain(string input, string ascii, string suffix, string registrable)
    {
        var domain = DomainName.Parse(input, CultureInfo.InvariantCulture);

        Assert.Equal(ascii, domain.Value);
        Assert.Equal(suffix, domain.PublicSuffix);
        Assert.Equal(registrable, domain.RegistrableDomain);
    }

    [Fact]
    public void Parse_UnicodeName_StoresPunycodeAndKeepsUnicodeForm()
    {
        var domain = DomainName.Parse("bücher.de", CultureInfo.InvariantCulture);

        Assert.Equal("xn--bcher-kva.de", domain.Value);
        Assert.Equal("bücher.de", domain.Unicode);
        Assert.True(domain.IsApex);
        Assert.Equal("xn--bcher-kva", domain.SecondLevelLabel);
    }

    [Fact]
    public void Parse_PunycodeInput_EqualsUnicodeInput()
    {
        Assert.Equal(DomainName.Parse("bücher.de", CultureInfo.InvariantCulture), DomainName.Parse("xn--bcher-kva.de", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Parse_UnicodeTld_IsRecognisedAsPublicSuffix()
    {
        var domain = DomainName.Parse("пример.рф", CultureInfo.InvariantCulture);

        Assert.Equal("xn--p1ai", domain.PublicSuffix);
        Assert.Equal(domain.Value, domain.RegistrableDomain);
    }

    [Theory]
    // *.ck is a wildcard rule, !www.ck an exception to it.
    [InlineData("shop.foo.ck", "foo.ck", "shop.foo.ck")]
    [InlineData("www.ck", "ck", "www.ck")]
    [InlineData("a.www.ck", "ck", "www.ck")]
    // *.kawasaki.jp with the exception !city.kawasaki.jp.
    [InlineData("x.foo.kawasaki.jp", "foo.kawasaki.jp", "x.foo.kawasaki.jp")]
    [InlineData("city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp")]
    [InlineData("www.city.kawasaki.jp", "kawasaki.jp", "city.kawasaki.jp")]
    public void Parse_WildcardAndExceptionRules_FollowThePublicSuffixAlgorithm(string input, string suffix, string registrable)
    {
        var domain = DomainName.Parse(input, CultureInfo.InvariantCulture);

        Assert.Equal(suffix, domain.PublicSuffix);
        Assert.Equal(registrable, domain.RegistrableDomain);
    }

    [Theory]
    [InlineData("foo.ck")]
    [InlineData("foo.kawasaki.jp")]
    public void Parse_NameCoveredByWildcard_IsAPublicSuffixNotRegistrable(string input)
    {
        Assert.False(DomainName.TryParse(input, out _, out var error));
        Assert.Contains("public suffix", error, StringComparison.Ordinal);
    }

    public static TheoryData<string?, string> BadInputs => new()
    {
        { null, "empty" },
        { "", "empty" },
        { "   ", "empty" },
        { "exa mple.com", "spaces" },
        { "example .com", "spaces" },
        { "a..com", "empty label" },
        { ".example.com", "empty label" },
        { "example.com..", "empty label" },
        { "a.com;rm -rf /", "spaces" },
        { "a.com;id", "not" },
        { "$(id).com", "not" },
        { "`id`.example.com", "not" },
        { "a.com|sh", "not" },
        { "a.com&&reboot", "not" },
        { "a.com>x", "not" },
        { "'example.com'", "not" },
        { "\"example.com\"", "not" },
        { "exam'ple.com", "not" },
        { "example.com\nrm -rf /", "spaces" },
        { "example.com\r", "example.com" },
        { "exa\tmple.com", "spaces" },
        { "exa\0mple.com", "control" },
        { "example.com/path", "not" },
        { "user@example.com", "not" },
        { "http://example.com", "not" },
        { "example.com:443", "not" },
        { "*.example.com", "not" },
        { "exa_mple.com", "not" },
        { "-example.com", "hyphen" },
        { "example-.com", "hyphen" },
        { "127.0.0.1", "IP address" },
        { "10.0.0.1.", "IP address" },
        { "::1", "not" },
        { "[::1]", "not" },
        { "2001:db8::1", "not" },
        { "localhost", "fully qualified" },
        { "com", "fully qualified" },
        { "co.uk", "public suffix" },
        { "github.io", "public suffix" },
        { "example.notarealtld", "known public suffix" },
        { "example.internal", "known public suffix" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void TryParse_BadInput_FailsWithClearReason(string? input, string reasonFragment)
    {
        var ok = DomainName.TryParse(input, out var domain, out var error);

        if (input == "example.com\r")
        {
            // A trailing CR (CSV line endings) is whitespace around the name and is trimmed, not an attack.
            Assert.True(ok);
            Assert.Equal(reasonFragment, domain!.Value);
            return;
        }

        Assert.False(ok);
        Assert.Null(domain);
        Assert.Contains(reasonFragment, error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Parse_BadInput_ThrowsFormatException(string? input, string reasonFragment)
    {
        _ = reasonFragment;
        if (input == "example.com\r")
        {
            return;
        }

        Assert.Throws<FormatException>(() => DomainName.Parse(input!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParse_NameLongerThan253Characters_Fails()
    {
        var label = new string('a', 60);
        var name = string.Join('.', Enumerable.Repeat(label, 5)) + ".com"; // 5*61 + 3 = 308

        Assert.False(DomainName.TryParse(name, out _, out var error));
        Assert.Contains("253", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NameOfExactly253Characters_Succeeds()
    {
        // 3 labels of 63 + 1 label of 57 + "com": 63*3 + 57 + 3 + 4 dots = 253.
        var name = $"{new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 57)}.com";
        Assert.Equal(253, name.Length);

        Assert.True(DomainName.TryParse(name, out var domain, out _));
        Assert.Equal(name, domain.Value);
    }

    [Fact]
    public void TryParse_LabelLongerThan63Characters_Fails()
    {
        var name = new string('a', 64) + ".com";

        Assert.False(DomainName.TryParse(name, out _, out var error));
        Assert.Contains("63", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LabelOf63Characters_Succeeds()
    {
        Assert.True(DomainName.TryParse(new string('a', 63) + ".com", out _, out _));
    }

    [Fact]
    public void TryParse_VeryLongInput_ErrorMessageIsShortened()
    {
        var input = new string('x', 500) + " .com";

        Assert.False(DomainName.TryParse(input, out _, out var error));
        Assert.True(error.Length < 200, error);
    }

    [Fact]
    public void Equality_IsByAsciiForm()
    {
        var a = DomainName.Parse("EXAMPLE.com", CultureInfo.InvariantCulture);
        var b = DomainName.Parse("example.com.", CultureInfo.InvariantCulture);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, DomainName.Parse("example.org", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Value_OfAnyAcceptedName_ContainsOnlyHostnameCharacters()
    {
        foreach (var input in new[] { "bücher.de", "WWW.Example.CO.UK", "a-b.c-d.net", "xn--p1ai.xn--p1ai" })
        {
            if (DomainName.TryParse(input, out var d, out _))
            {
                Assert.Matches("^[a-z0-9.-]+$", d.Value);
            }
        }
    }
}
