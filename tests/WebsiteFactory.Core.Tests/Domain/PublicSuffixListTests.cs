using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class PublicSuffixListTests
{
    private static readonly PublicSuffixList List = new(
    [
        "// comment",
        "com",
        "uk",
        "co.uk",
        "*.ck",
        "!www.ck",
        "",
        "jp",
        "*.kawasaki.jp",
        "!city.kawasaki.jp",
    ]);

    [Theory]
    [InlineData("example.com", "com")]
    [InlineData("a.example.co.uk", "co.uk")]
    [InlineData("example.uk", "uk")]
    [InlineData("a.b.ck", "b.ck")]
    [InlineData("www.ck", "ck")]
    [InlineData("city.kawasaki.jp", "kawasaki.jp")]
    [InlineData("a.b.kawasaki.jp", "b.kawasaki.jp")]
    public void GetPublicSuffix_Rules_PicksLongestMatchWithExceptions(string name, string expected)
    {
        Assert.Equal(expected, List.GetPublicSuffix(name.Split('.')));
    }

    [Fact]
    public void GetPublicSuffix_UnknownTld_ReturnsNull()
    {
        Assert.Null(List.GetPublicSuffix(["example", "zz"]));
    }

    [Fact]
    public void Default_LoadsTheEmbeddedList()
    {
        Assert.True(PublicSuffixList.Default.Count > 5000);
        Assert.Equal("co.uk", PublicSuffixList.Default.GetPublicSuffix(["a", "co", "uk"]));
    }
}
