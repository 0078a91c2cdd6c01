namespace WebsiteFactory.Workflows.Tests.Model;

public sealed class RetryPolicyTests
{
    private static readonly TaskFailureDetails Failure = new("System.TimeoutException", "slow");

    [Fact]
    public void GetDelay_ExponentialBackoff_CappedAtMaxInterval()
    {
        var policy = new RetryPolicy(10, TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(1), policy.GetDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.GetDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(4), policy.GetDelay(3));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.GetDelay(4));
    }

    [Fact]
    public void ShouldRetry_AttemptsExhaustedOrTimeoutReached_ReturnsFalse()
    {
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(1), retryTimeout: TimeSpan.FromSeconds(10));

        Assert.True(policy.ShouldRetry(1, Failure, TimeSpan.Zero));
        Assert.False(policy.ShouldRetry(3, Failure, TimeSpan.Zero));
        Assert.False(policy.ShouldRetry(1, Failure, TimeSpan.FromSeconds(9.5)));
    }

    [Fact]
    public void ShouldRetry_HandleFailureRejects_ReturnsFalse()
    {
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1)) { HandleFailure = f => f.ErrorType != "System.TimeoutException" };

        Assert.False(policy.ShouldRetry(1, Failure, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, 1, 1.0)]
    [InlineData(1, 0, 1.0)]
    [InlineData(1, 1, 0.5)]
    public void Constructor_OutOfRangeArguments_Throws(int attempts, int firstSeconds, double coefficient)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), coefficient));

    [Fact]
    public void FromRetryPolicy_WithInstanceId_KeepsRetryAndSetsId()
    {
        var policy = new RetryPolicy(2, TimeSpan.FromSeconds(1));

        SubOrchestrationOptions options = TaskOptions.FromRetryPolicy(policy).WithInstanceId("child-1");

        Assert.Same(policy, options.Retry!.Policy);
        Assert.Equal("child-1", options.InstanceId);
    }
}
