using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows.Tests;

public sealed class SiteInstanceIdsTests
{
    /// <summary>A valid 253-character domain (the longest there is) ending in <paramref name="last"/> before <c>.com</c>.</summary>
    private static string LongestDomain(char last)
    {
        var domain = string.Join('.', new string('a', 63), new string('b', 63), new string('c', 63), new string('d', 56) + last) + ".com";
        Assert.Equal(253, domain.Length);
        Assert.True(DomainName.TryParse(domain, out var parsed, out var error), error);
        Assert.Equal(domain, parsed.Value);
        return domain;
    }

    private static IEnumerable<string> AllIds(string domain) =>
    [
        SiteInstanceIds.Provision(domain),
        SiteInstanceIds.Publish(domain),
        SiteInstanceIds.PublishChildOf(SiteInstanceIds.Provision(domain)),
        SiteInstanceIds.Regenerate(domain),
        SiteInstanceIds.Redeploy(domain),
        SiteInstanceIds.Rollback(domain),
        SiteInstanceIds.Teardown(domain),
    ];

    [Fact]
    public void AllIds_NormalDomain_PrefixAndDomainUnchanged()
    {
        Assert.Equal(
            ["provision-example.com", "provision-example.com:publish", "provision-example.com:publish", "regenerate-example.com", "redeploy-example.com", "rollback-example.com", "teardown-example.com"],
            AllIds("example.com"));
    }

    [Fact]
    public void AllIds_253CharacterDomain_WithinTheCap()
    {
        var domain = LongestDomain('x');
        Assert.All(AllIds(domain), id => Assert.InRange(id.Length, 1, SiteInstanceIds.MaxLength));
        Assert.Equal(SiteInstanceIds.MaxLength, SiteInstanceIds.Publish(domain).Length);
        Assert.StartsWith("provision-aaaa", SiteInstanceIds.Provision(domain), StringComparison.Ordinal);
        Assert.Matches("~[0-9a-f]{12}$", SiteInstanceIds.Provision(domain));
        Assert.Equal(SiteInstanceIds.Provision(domain) + SiteInstanceIds.PublishSuffix, SiteInstanceIds.Publish(domain));
    }

    [Fact]
    public void AllIds_TwoLongDomainsSharingAPrefix_Distinct()
    {
        var one = AllIds(LongestDomain('x')).ToList();
        var two = AllIds(LongestDomain('y')).ToList();
        Assert.All(one.Zip(two), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public void Provision_SameDomain_SameIdEveryTime()
    {
        var domain = LongestDomain('z');
        Assert.Equal(SiteInstanceIds.Provision(domain), SiteInstanceIds.Provision(new string(domain.AsSpan())));
    }

    [Fact]
    public void PublishChildOf_CallerChosenIdAtTheCap_ShortenedWithinTheCap()
    {
        var parent = new string('p', SiteInstanceIds.MaxLength);
        var child = SiteInstanceIds.PublishChildOf(parent);
        Assert.Equal(SiteInstanceIds.MaxLength, child.Length);
        Assert.EndsWith(SiteInstanceIds.PublishSuffix, child, StringComparison.Ordinal);
        Assert.NotEqual(child, SiteInstanceIds.PublishChildOf(new string('p', SiteInstanceIds.MaxLength - 1) + "q"));
        Assert.Equal("run-1:publish", SiteInstanceIds.PublishChildOf("run-1"));
    }

    [Fact]
    public void RollbackChildOf_NormalAndLongestProvisionIds_ParentPlusSuffixWithinTheCap()
    {
        Assert.Equal("provision-example.com:rollback", SiteInstanceIds.RollbackChildOf(SiteInstanceIds.Provision("example.com")));
        var longest = SiteInstanceIds.Provision(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))[..253]);
        var child = SiteInstanceIds.RollbackChildOf(longest);
        Assert.True(child.Length <= SiteInstanceIds.MaxLength, child);
        Assert.EndsWith(SiteInstanceIds.RollbackSuffix, child, StringComparison.Ordinal);
        Assert.NotEqual(SiteInstanceIds.Publish("x.com"), SiteInstanceIds.RollbackChildOf(SiteInstanceIds.Provision("x.com")));
    }

    [Fact]
    public void Provision_EmptyDomain_Throws()
    {
        Assert.Throws<ArgumentException>(() => SiteInstanceIds.Provision(string.Empty));
    }
}
