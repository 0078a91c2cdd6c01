using System.Globalization;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>A step hit a vendor or shared rate limit; the durable retry waits at least the given time.</summary>
/// <remarks>The wait travels in the message (failure details carry only type and message across the durable boundary).</remarks>
public sealed partial class RateLimitedStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RateLimitedStepException(string message, TimeSpan retryAfter)
        : base($"{message} [retry-after={Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s]") { }

    /// <summary>Creates the exception.</summary>
    public RateLimitedStepException() : this("Rate limited.", TimeSpan.FromMinutes(1)) { }

    /// <summary>Creates the exception.</summary>
    public RateLimitedStepException(string message) : this(message, TimeSpan.FromMinutes(1)) { }

    /// <summary>Creates the exception.</summary>
    public RateLimitedStepException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Reads the wait back from a failure message; null when absent.</summary>
    public static TimeSpan? ParseRetryAfter(string? message)
    {
        var m = message is null ? null : RetryAfterRegex().Match(message);
        return m is { Success: true } && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s) : null;
    }

    [GeneratedRegex(@"\[retry-after=([0-9.]+)s\]", RegexOptions.CultureInvariant)]
    private static partial Regex RetryAfterRegex();
}
