namespace WebsiteFactory.Core.Preflight;

/// <summary>Every check's result, failures first.</summary>
/// <param name="Checks">One row per check and target.</param>
public sealed record PreflightReport(IReadOnlyList<PreflightCheckResult> Checks)
{
    /// <summary>Whether any check failed.</summary>
    public bool HasFailures => Checks.Any(c => c.Result == PreflightStatus.Fail);

    /// <summary>The failures among <paramref name="targets"/> (all failures when null).</summary>
    /// <param name="targets">Targets a batch uses (<see cref="PreflightTargets"/>); null for every target.</param>
    /// <returns>The failing rows.</returns>
    public IReadOnlyList<PreflightCheckResult> FailuresFor(IReadOnlySet<string>? targets) =>
        [.. Checks.Where(c => c.Result == PreflightStatus.Fail && (targets is null || targets.Contains(c.Target)))];
}
