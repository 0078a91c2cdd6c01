using System.Globalization;
using WebsiteFactory.Api.Endpoints;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Tests;

/// <summary><c>Provisioning:BatchMaxParallel</c>: the batch window a <c>POST /api/provision</c> batch runs with.</summary>
public sealed class BatchWindowTests
{
    private static readonly Site[] Sites = [.. Enumerable.Range(0, 3).Select(i => new Site
    {
        Id = Guid.NewGuid(),
        Domain = DomainName.Parse($"window{i.ToString(CultureInfo.InvariantCulture)}.com", CultureInfo.InvariantCulture),
    })];

    [Fact]
    public void BatchInput_SettingsRaiseTheWindow_BatchRunsThatManyAtOnce()
    {
        var input = ProvisioningContract.BatchInput(Sites, new ProvisionSettings { BatchMaxParallel = 500 });

        Assert.Equal(500, input.MaxParallel);
        Assert.Equal(Sites.Select(s => s.Id), input.SiteIds);
    }

    [Fact]
    public void BatchInput_NoSettings_DefaultWindowOf100()
    {
        Assert.Equal(100, ProvisioningContract.BatchInput(Sites).MaxParallel);
        Assert.Equal(100, ProvisioningContract.BatchInput(Sites, new ProvisionSettings()).MaxParallel);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public void Validate_BatchMaxParallelOutOfRange_NamesTheSetting(int value)
    {
        var problems = new ProvisionSettings { BatchMaxParallel = value }.Validate();

        Assert.Contains(problems, p => p.StartsWith("Provisioning:BatchMaxParallel", StringComparison.Ordinal));
    }
}
