namespace WebsiteFactory.Core.Preflight;

/// <summary>One row of a pre-flight report.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Target">The account or server checked (<see cref="PreflightTargets"/>).</param>
/// <param name="Result">Pass, warn or fail.</param>
/// <param name="Message">What was found.</param>
/// <param name="Fix">The fix in one sentence; empty on pass.</param>
/// <param name="DurationMs">How long the check took.</param>
public sealed record PreflightCheckResult(string Name, string Target, PreflightStatus Result, string Message, string Fix, long DurationMs);
