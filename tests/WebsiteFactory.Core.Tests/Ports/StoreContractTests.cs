using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Core.Tests.Ports;

public sealed class StoreContractTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("pt-BR")]
    [InlineData("zh-Hant-TW")]
    public void NewSite_ValidLanguage_HasNoErrors(string language)
    {
        var site = new NewSite { Domain = DomainName.Parse("example.com", CultureInfo.InvariantCulture), Language = language };

        Assert.Empty(site.Validate());
    }

    [Theory]
    [InlineData("")]
    [InlineData("english")]
    [InlineData("en_US")]
    [InlineData("en; DROP TABLE")]
    public void NewSite_BadLanguage_IsReported(string language)
    {
        var site = new NewSite { Domain = DomainName.Parse("example.com", CultureInfo.InvariantCulture), Language = language };

        Assert.Contains(site.Validate(), e => e.Field == "language");
    }

    [Fact]
    public void NewSite_OverlongBrand_IsReported()
    {
        var site = new NewSite { Domain = DomainName.Parse("example.com", CultureInfo.InvariantCulture), Brand = new string('b', NewSite.MaxTextLength + 1) };

        Assert.Contains(site.Validate(), e => e.Field == "brand");
    }

    [Theory]
    [InlineData(-1, 10, "offset")]
    [InlineData(0, 0, "limit")]
    [InlineData(0, SiteQuery.MaxLimit + 1, "limit")]
    public void SiteQuery_BadPaging_IsReported(int offset, int limit, string field)
    {
        Assert.Contains(new SiteQuery { Offset = offset, Limit = limit }.Validate(), e => e.Field == field);
    }

    [Fact]
    public void DuplicateEntityException_Message_NamesEntityFieldAndValue()
    {
        var e = new DuplicateEntityException("site", "domain", "example.com");

        Assert.Equal("A site with domain 'example.com' already exists.", e.Message);
    }

    [Fact]
    public void UnknownReferenceException_Message_NamesTheEntity()
    {
        var e = new UnknownReferenceException("cloudflare account", "cloudflare_account_id", "abc");

        Assert.Equal("Unknown cloudflare account 'abc'.", e.Message);
    }

    [Fact]
    public void EntityNotFoundException_IsAKeyNotFoundException()
    {
        Assert.IsAssignableFrom<KeyNotFoundException>(new EntityNotFoundException("site", "x"));
    }

    [Fact]
    public void PagedResult_HasMore_WhenRowsFollow()
    {
        Assert.True(new PagedResult<int> { Items = [1, 2], TotalCount = 5, Offset = 0, Limit = 2 }.HasMore);
        Assert.False(new PagedResult<int> { Items = [5], TotalCount = 5, Offset = 4, Limit = 2 }.HasMore);
    }
}
