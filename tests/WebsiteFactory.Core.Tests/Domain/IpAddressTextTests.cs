using System.Net;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class IpAddressTextTests
{
    [Theory]
    [InlineData("203.0.113.10")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.0.1")]
    public void TryParseIPv4_DottedQuad_ParsesToTheSameText(string text)
    {
        Assert.True(IpAddressText.TryParseIPv4(text, out var ip));
        Assert.Equal(text, ip.ToString());
    }

    [Theory]
    [InlineData("1")]
    [InlineData("10.1")]
    [InlineData("10.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.0.0.1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.04")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("0x7f000001")]
    [InlineData("2130706433")]
    [InlineData("1.2.3.4 ")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.")]
    [InlineData("1..3.4")]
    [InlineData("+1.2.3.4")]
    [InlineData("１.2.3.4")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotDottedQuadOrIPv6_IsRefused(string? text)
    {
        Assert.False(IpAddressText.TryParse(text, out var ip));
        Assert.Null(ip);
    }

    [Theory]
    [InlineData("2001:db8::1")]
    [InlineData("::1")]
    [InlineData("::ffff:192.0.2.1")]
    public void TryParse_IPv6_Parses(string text)
    {
        Assert.True(IpAddressText.TryParse(text, out var ip));
        Assert.Equal(IPAddress.Parse(text), ip);
    }

    [Theory]
    [InlineData("fe80::1%eth0")]
    [InlineData("[2001:db8::1]")]
    [InlineData("2001:db8::1 ")]
    [InlineData("2001:db8:::1")]
    public void TryParse_IPv6WithZoneBracketsOrJunk_IsRefused(string text)
    {
        Assert.False(IpAddressText.TryParse(text, out _));
    }

    [Fact]
    public void TryParseIPv4_IPv6_IsRefused()
    {
        Assert.False(IpAddressText.TryParseIPv4("2001:db8::1", out _));
    }
}
