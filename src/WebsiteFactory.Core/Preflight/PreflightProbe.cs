namespace WebsiteFactory.Core.Preflight;

/// <summary>One check on one target, ready to run (read-only vendor calls only).</summary>
/// <param name="Name">The check's name, e.g. <c>cloudflare-token</c>.</param>
/// <param name="Target">What it checks, as <see cref="PreflightTargets"/> spells it (e.g. <c>cloudflare:main</c>, <c>server:web-1</c>).</param>
/// <param name="Run">Runs the probe; the runner cancels the token when the per-check timeout passes.</param>
public sealed record PreflightProbe(string Name, string Target, Func<CancellationToken, Task<PreflightOutcome>> Run);
