using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Workflows.Tests.Analytics;

public sealed class AnalyticsAnomalyTests
{
    private static readonly int[] Week = [100, 90, 110, 100, 95, 105, 100];

    [Theory]
    [InlineData(0, true)]
    [InlineData(49, true)]
    [InlineData(50, false)]
    [InlineData(500, false)]
    public void VisitsDrop_AgainstSevenDayMedian_FlagsBelowHalf(int visits, bool flagged)
    {
        var result = AnalyticsAnomaly.VisitsDrop(visits, Week);

        Assert.Equal(flagged, result is not null);
        if (flagged)
        {
            Assert.Contains("median of 100", result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void VisitsDrop_EvenCount_UsesMeanOfMiddleValues()
    {
        // Median of [20, 40, 60, 80] is 50: 24 is below half, 25 is not.
        Assert.NotNull(AnalyticsAnomaly.VisitsDrop(24, [20, 40, 60, 80]));
        Assert.Null(AnalyticsAnomaly.VisitsDrop(25, [20, 40, 60, 80]));
    }

    [Fact]
    public void VisitsDrop_TinySiteOrShortHistory_NotFlagged()
    {
        Assert.Null(AnalyticsAnomaly.VisitsDrop(1, [9, 9, 9, 9, 9, 9, 9])); // median below the minimum
        Assert.Null(AnalyticsAnomaly.VisitsDrop(0, [100, 100])); // fewer than three days of history
        Assert.NotNull(AnalyticsAnomaly.VisitsDrop(0, [100, 100, 100]));
    }
}
