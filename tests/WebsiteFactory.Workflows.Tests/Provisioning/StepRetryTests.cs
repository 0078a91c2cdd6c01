using Microsoft.DurableTask;
using NSubstitute;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Tests.Provisioning;

/// <summary>The step retry handler's decisions and waits, called as the SDK calls it after a failed attempt.</summary>
public sealed class StepRetryTests
{
    private static readonly ProvisionSettings Settings = new()
    {
        StepFirstRetry = TimeSpan.FromSeconds(10),
        StepMaxRetry = TimeSpan.FromSeconds(60),
        StepMaxAttempts = 4,
        RateLimitPatience = TimeSpan.FromMinutes(30),
    };

    private readonly TaskOrchestrationContext context = Substitute.For<TaskOrchestrationContext>();

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void Backoff_FailedAttempt_DoublesUpToMax(int failedAttempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), StepRetry.Backoff(Settings, failedAttempt));

    [Fact]
    public async Task Handler_TransientFailure_WaitsBackoffOnDurableTimerAndRetries()
    {
        Assert.True(await this.HandleAsync(2, Failure(new TimeoutException("slow"))));

        await this.context.Received(1).CreateTimer(TimeSpan.FromSeconds(20), CancellationToken.None);
    }

    [Fact]
    public async Task Handler_AttemptsSpent_GivesUp()
    {
        Assert.False(await this.HandleAsync(4, Failure(new TimeoutException("slow"))));

        await this.context.DidNotReceive().CreateTimer(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handler_PermanentFailure_GivesUpAtOnce()
    {
        Assert.False(await this.HandleAsync(1, Failure(new PermanentStepException("bad token"))));

        await this.context.DidNotReceive().CreateTimer(Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handler_RateLimitedBeyondAttempts_WaitsRetryAfterWithinPatience()
    {
        var limited = Failure(new RateLimitedStepException("budget spent", TimeSpan.FromSeconds(90)));

        Assert.True(await this.HandleAsync(9, limited, TimeSpan.FromMinutes(10)));
        Assert.False(await this.HandleAsync(10, limited, TimeSpan.FromMinutes(29)));

        await this.context.Received(1).CreateTimer(TimeSpan.FromSeconds(90), CancellationToken.None);
    }

    private static TaskFailureDetails Failure(Exception e) => TaskFailureDetails.FromException(e);

    private Task<bool> HandleAsync(int lastAttempt, TaskFailureDetails failure, TimeSpan? total = null) =>
        StepRetry.Options(Settings).Retry!.Handler!(new RetryContext(this.context, lastAttempt, failure, total ?? TimeSpan.Zero, CancellationToken.None));
}
