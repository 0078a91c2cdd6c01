using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>The runner: concurrency, per-check timeout, a throwing check, ordering.</summary>
public sealed class PreflightRunnerTests
{
    [Fact]
    public async Task Run_PassWarnAndThrowingProbes_FailuresFirstThrowIsAFailure()
    {
        var check = new StubCheck(
            new PreflightProbe("warns", "a", _ => Task.FromResult(PreflightOutcome.Warn("soon", "rotate it"))),
            new PreflightProbe("passes", "b", _ => Task.FromResult(PreflightOutcome.Pass("ok"))),
            new PreflightProbe("throws", "c", _ => throw new InvalidOperationException("boom")));
        var options = new PreflightOptions { CheckTimeout = TimeSpan.FromMinutes(5) };

        var report = await new PreflightRunner([check], options, TimeProvider.System, NullLogger<PreflightRunner>.Instance).RunAsync();

        Assert.Equal(["throws", "warns", "passes"], report.Checks.Select(c => c.Name));
        Assert.Equal([PreflightStatus.Fail, PreflightStatus.Warn, PreflightStatus.Pass], report.Checks.Select(c => c.Result));
        Assert.Contains("InvalidOperationException", report.Checks[0].Message, StringComparison.Ordinal);
        Assert.True(report.HasFailures);
        Assert.Empty(report.FailuresFor(new HashSet<string> { "b" }));
    }

    [Fact]
    public async Task Run_ProbeNeverAnswers_WarnsWhenItsTimeoutPasses()
    {
        // A fake clock: the timeout fires when the test advances it, not when a loaded machine happens to be slow.
        var clock = new FakeTimeProvider();
        var hung = new TaskCompletionSource<PreflightOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = new StubCheck(new PreflightProbe("hangs", "a", ct =>
        {
            started.TrySetResult();
            return hung.Task.WaitAsync(ct);
        }));
        var options = new PreflightOptions { CheckTimeout = TimeSpan.FromMilliseconds(200) };

        var run = new PreflightRunner([check], options, clock, NullLogger<PreflightRunner>.Instance).RunAsync();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(run.IsCompleted); // nothing answers before the timeout
        clock.Advance(options.CheckTimeout);
        var report = await run.WaitAsync(TimeSpan.FromMinutes(1));

        var row = Assert.Single(report.Checks);
        Assert.Equal(PreflightStatus.Warn, row.Result);
        Assert.Contains("No answer within 0.2 s", row.Message, StringComparison.Ordinal);
        Assert.False(report.HasFailures);
    }

    private sealed class StubCheck(params PreflightProbe[] probes) : IPreflightCheck
    {
        public Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PreflightProbe>>(probes);
    }
}
