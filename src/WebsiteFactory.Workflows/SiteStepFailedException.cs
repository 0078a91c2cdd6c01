using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows;

/// <summary>
/// A step of a site workflow failed for good (its retries are spent or the error is permanent), and the failure is
/// already recorded on the site. Thrown by the orchestrators (<c>ProvisionSite</c>, <c>PublishSite</c>,
/// <c>Redeploy</c>, <c>RegenerateContent</c>, <c>RollbackSite</c>) so the instance ends <c>Failed</c>, where the portal,
/// the Durable Functions Monitor and rewind see it.
/// </summary>
/// <remarks>
/// <para>Only the exception's type name and message cross the durable boundary: the SDK puts them into
/// <see cref="TaskFailureDetails.ErrorType"/> (<c>WebsiteFactory.Workflows.SiteStepFailedException</c>) and
/// <see cref="TaskFailureDetails.ErrorMessage"/>. The message is the reason the operator reads followed by a fixed tag
/// naming the step: <c>{reason} [step={step}]</c>, e.g. <c>Cloudflare rejected the token. [step=zone]</c>.</para>
/// <para>Code that holds failure details (a parent orchestration's <see cref="TaskFailedException"/>, a client's
/// <c>OrchestrationMetadata.FailureDetails</c>) reads the step and the reason back with
/// <see cref="TryRead(TaskFailureDetails?, out string?, out string?)"/>.</para>
/// </remarks>
public sealed partial class SiteStepFailedException : Exception
{
    /// <summary>The step name used when a message carries no step tag.</summary>
    public const string UnknownStep = "unknown";

    /// <summary>Creates the exception for a step's final failure.</summary>
    /// <param name="step">The step, snake case as stored in <c>site_events.step</c> (<c>zone</c>, <c>hosting_site</c>, <c>deploy</c>, …).</param>
    /// <param name="reason">Why, as the operator reads it (already recorded on the site); secret-looking parts are redacted.</param>
    public SiteStepFailedException(string step, string reason)
        : base(Format(step, reason))
    {
        this.Step = step;
        this.Reason = Clean(reason);
    }

    /// <summary>Creates the exception from a message in the form <c>{reason} [step={step}]</c> (an unknown step when the tag is missing).</summary>
    /// <param name="message">The message.</param>
    public SiteStepFailedException(string message)
        : this(message, (Exception?)null)
    {
    }

    /// <summary>Creates the exception from a message in the form <c>{reason} [step={step}]</c> (an unknown step when the tag is missing).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SiteStepFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
        (this.Step, this.Reason) = Parse(message ?? string.Empty) ?? (UnknownStep, message ?? string.Empty);
    }

    /// <summary>Creates the exception with an unknown step and a generic reason.</summary>
    public SiteStepFailedException()
        : this(UnknownStep, "A step failed.")
    {
    }

    /// <summary>Gets the failed step, snake case (<c>zone</c>, <c>records</c>, …, <c>search_console</c>).</summary>
    public string Step { get; }

    /// <summary>Gets the reason, without the step tag.</summary>
    public string Reason { get; }

    /// <summary>
    /// Reads the step and the reason from failure details whose error (or a wrapped inner error) is a
    /// <see cref="SiteStepFailedException"/>.
    /// </summary>
    /// <param name="failure">Failure details from a <see cref="TaskFailedException"/> or an instance's metadata.</param>
    /// <param name="step">The failed step, when found.</param>
    /// <param name="reason">The reason, when found.</param>
    /// <returns><see langword="true"/> when the failure is a site step failure.</returns>
    public static bool TryRead(TaskFailureDetails? failure, [NotNullWhen(true)] out string? step, [NotNullWhen(true)] out string? reason)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (string.Equals(f.ErrorType, typeof(SiteStepFailedException).FullName, StringComparison.Ordinal) && Parse(f.ErrorMessage) is { } parsed)
            {
                (step, reason) = parsed;
                return true;
            }
        }

        step = null;
        reason = null;
        return false;
    }

    private static string Clean(string? reason) => SecretRedactor.Redact(reason) ?? string.Empty;

    private static string Format(string step, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        return $"{Clean(reason)} [step={step}]";
    }

    private static (string Step, string Reason)? Parse(string message)
    {
        var m = StepTagRegex().Match(message);
        return m.Success ? (m.Groups["step"].Value, message[..m.Index]) : null;
    }

    [GeneratedRegex(@" \[step=(?<step>[a-z_]+)\]\z", RegexOptions.CultureInvariant)]
    private static partial Regex StepTagRegex();
}
