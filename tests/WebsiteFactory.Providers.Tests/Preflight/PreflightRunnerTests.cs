using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>The runner: concurrency, per-check timeout, a throwing check, ordering.</summary>
public sealed class PreflightRunnerTests
{
    [Fact]
    public async Task Run_ProbeNeverAnswers_WarnsOnTimeoutWhileOthersComplete()
    {
        var hung = new TaskCompletionSource<PreflightOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var check = new StubCheck(
            new PreflightProbe("hangs", "a", ct => hung.Task.WaitAsync(ct)),
            new PreflightProbe("passes", "b", _ => Task.FromResult(PreflightOutcome.Pass("ok"))),
            new PreflightProbe("throws", "c", _ => throw new InvalidOperationException("boom")));
        var options = new PreflightOptions { CheckTimeout = TimeSpan.FromMilliseconds(200) };

        var report = await new PreflightRunner([check], options, TimeProvider.System, NullLogger<PreflightRunner>.Instance).RunAsync();

        Assert.Equal(["throws", "hangs", "passes"], report.Checks.Select(c => c.Name));
        Assert.Equal([PreflightStatus.Fail, PreflightStatus.Warn, PreflightStatus.Pass], report.Checks.Select(c => c.Result));
        Assert.Contains("InvalidOperationException", report.Checks[0].Message, StringComparison.Ordinal);
        Assert.Contains("No answer within 0.2 s", report.Checks[1].Message, StringComparison.Ordinal);
        Assert.True(report.HasFailures);
        Assert.Empty(report.FailuresFor(new HashSet<string> { "b" }));
    }

    private sealed class StubCheck(params PreflightProbe[] probes) : IPreflightCheck
    {
        public Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PreflightProbe>>(probes);
    }
}
