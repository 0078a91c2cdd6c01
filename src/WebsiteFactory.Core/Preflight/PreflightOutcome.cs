namespace WebsiteFactory.Core.Preflight;

/// <summary>What a probe found: a status, what it saw and, unless it passed, the fix in one sentence.</summary>
/// <param name="Status">Pass, warn or fail.</param>
/// <param name="Message">What was found (never a secret value).</param>
/// <param name="Fix">The fix in one sentence; empty on pass.</param>
public sealed record PreflightOutcome(PreflightStatus Status, string Message, string Fix)
{
    /// <summary>A pass.</summary>
    /// <param name="message">What was found.</param>
    /// <returns>The outcome.</returns>
    public static PreflightOutcome Pass(string message) => new(PreflightStatus.Pass, message, string.Empty);

    /// <summary>A warning.</summary>
    /// <param name="message">What was found.</param>
    /// <param name="fix">The fix in one sentence.</param>
    /// <returns>The outcome.</returns>
    public static PreflightOutcome Warn(string message, string fix) => new(PreflightStatus.Warn, message, fix);

    /// <summary>A failure.</summary>
    /// <param name="message">What was found.</param>
    /// <param name="fix">The fix in one sentence.</param>
    /// <returns>The outcome.</returns>
    public static PreflightOutcome Fail(string message, string fix) => new(PreflightStatus.Fail, message, fix);
}
