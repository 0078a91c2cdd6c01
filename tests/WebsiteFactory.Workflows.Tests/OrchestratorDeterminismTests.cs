using WebsiteFactory.Testing;

namespace WebsiteFactory.Workflows.Tests;

/// <summary>
/// Orchestrator code is replayed, so it must not read the clock, make GUIDs, wait on real time, leave the orchestration
/// scheduler (<c>ConfigureAwait(false)</c>, <c>Task.Run</c>) or block. The Durable Task analyzers catch most of these at
/// build time; this also covers <c>ConfigureAwait</c> and <c>Task.Run</c>, which they do not.
/// </summary>
public sealed class OrchestratorDeterminismTests
{
    private static readonly string[] Forbidden =
    [
        "ConfigureAwait(", "Task.Run(", "Task.Delay(", "Thread.Sleep(", "DateTime.UtcNow", "DateTime.Now", "DateTimeOffset.UtcNow",
        "DateTimeOffset.Now", "Guid.NewGuid(", "TimeProvider.System", ".Result", ".Wait(",
    ];

    [Fact]
    public void OrchestratorSources_NoNonDeterministicCalls()
    {
        // Orchestrator code is whatever receives a TaskOrchestrationContext: orchestrators, the shared content pipeline and
        // the retry handlers (they run inside the orchestration too).
        var files = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "WebsiteFactory.Workflows"), "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("TaskOrchestrationContext", StringComparison.Ordinal) || text.Contains("FromRetryHandler", StringComparison.Ordinal)))
            .ToList();
        var names = files.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(
            new HashSet<string?> { "ProvisionSite.cs", "ProvisionBatch.cs", "ContentPipeline.cs", "PublishSite.cs", "Redeploy.cs", "RegenerateContent.cs", "RollbackSite.cs", "NightlyAnalytics.cs", "StepRetry.cs", "ContentRetry.cs" },
            names);
        var offences = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && Forbidden.Any(token => l.Text.Contains(token, StringComparison.Ordinal)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        Assert.Empty(offences);
    }
}
