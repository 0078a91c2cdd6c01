using WebsiteFactory.Workflows.Rollout;

namespace WebsiteFactory.Workflows.Tests.Rollout;

/// <summary><see cref="RolloutPlan"/>: wave sizes, the stop rule, and input validation.</summary>
public sealed class RolloutPlanTests
{
    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(3, new[] { 3 })]
    [InlineData(12, new[] { 5, 7 })]
    [InlineData(500, new[] { 5, 10, 20, 40, 80, 100, 100, 100, 45 })]
    [InlineData(2000, new[] { 20, 40, 80, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 60 })]
    public void WaveSizes_Defaults_CanaryOfFiveOrOnePercentThenDoublingUpToHundred(int sites, int[] expected)
    {
        var waves = RolloutPlan.WaveSizes(sites, new TemplateRolloutInput());

        Assert.Equal(expected, waves);
        Assert.Equal(sites, waves.Sum());
    }

    [Fact]
    public void WaveSizes_CanaryAndMaxGiven_UsesThem()
    {
        Assert.Equal(new[] { 1, 2, 3, 3, 1 }, RolloutPlan.WaveSizes(10, new TemplateRolloutInput(CanarySize: 1, MaxWaveSize: 3)));
        Assert.Equal(new[] { 50, 50 }, RolloutPlan.WaveSizes(100, new TemplateRolloutInput(CanaryPercent: 50)));
    }

    [Theory]
    [InlineData(0, 5, 0, false)]
    [InlineData(0, 5, 1, true)]
    [InlineData(1, 10, 1, false)]
    [InlineData(1, 10, 2, true)]
    [InlineData(3, 0, 0, false)]
    public void ShouldStop_DefaultThreshold_AnyCanaryFailureOrMoreThanTenPercent(int wave, int attempted, int failed, bool expected)
    {
        Assert.Equal(expected, RolloutPlan.ShouldStop(wave, attempted, failed, new TemplateRolloutInput()));
    }

    [Fact]
    public void Validate_OutOfRangeSettings_NamesEachField()
    {
        var errors = RolloutPlan.Validate(new TemplateRolloutInput(CanarySize: 0, CanaryPercent: 120, MaxWaveSize: 6000, MaxParallel: -1, FailureThreshold: 1));

        Assert.Equal(new[] { "canary", "wave_size", "parallel", "canary_percent", "failure_threshold" }, errors.Select(e => e.Field));
        Assert.Empty(RolloutPlan.Validate(new TemplateRolloutInput(CanarySize: 2, CanaryPercent: 5, MaxWaveSize: 50, MaxParallel: 4, FailureThreshold: 0)));
    }
}
