using WebsiteFactory.Engine.Dispatch;

namespace WebsiteFactory.Engine.Tests.Clock;

/// <summary>The skew check a worker on the system clock runs against the database's clock when it registers.</summary>
public sealed class ClockSkewTests
{
    private static readonly DateTimeOffset Before = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset After = Before.AddMilliseconds(40);

    [Fact]
    public void Measure_DatabaseTimeWithinRoundTrip_NoSkew()
    {
        TimeSpan skew = ClockSkew.Measure(Before.AddMilliseconds(20), Before, After);

        Assert.Equal(TimeSpan.Zero, skew);
        Assert.False(ClockSkew.IsTooLarge(skew));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-10)]
    public void Measure_DatabaseTenSecondsOff_SkewTooLarge(int seconds)
    {
        DateTimeOffset database = (seconds > 0 ? After : Before).AddSeconds(seconds);

        TimeSpan skew = ClockSkew.Measure(database, Before, After);

        Assert.Equal(TimeSpan.FromSeconds(seconds), skew);
        Assert.True(ClockSkew.IsTooLarge(skew));
    }

    [Fact]
    public void Measure_DatabaseTwoSecondsAhead_WithinTolerance()
    {
        TimeSpan skew = ClockSkew.Measure(After.AddSeconds(2), Before, After);

        Assert.Equal(TimeSpan.FromSeconds(2), skew);
        Assert.False(ClockSkew.IsTooLarge(skew));
    }
}
