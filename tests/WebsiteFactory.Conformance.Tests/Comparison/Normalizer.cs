using System.Text.RegularExpressions;

namespace WebsiteFactory.Conformance.Tests.Comparison;

/// <summary>
/// Replaces the values that legitimately differ between two runs with numbered placeholders, in order of first appearance,
/// so equal values stay equal within one instance's record: the content pipeline's release id (<c>yyyyMMddTHHmmssZ-</c> + 8 hex digits of
/// <c>NewGuid()</c>) and its run stamp in idempotency keys (<c>yyyyMMddTHHmmss</c> + 7 fraction digits), both derived
/// from the orchestration's start time, which is each host's wall clock. Durations a result reports
/// (<c>"durationSeconds":</c> number, the template rollout's) are each host's elapsed time and become <c>&lt;seconds&gt;</c>.
/// </summary>
/// <remarks>
/// The numbering keeps what matters: a release id that changed between build and deploy (the replay defect of issue 11)
/// shows as <c>&lt;release#2&gt;</c> on one host and not on the other.
/// </remarks>
internal sealed partial class Normalizer
{
    private readonly Dictionary<string, string> seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    /// <summary>The text with time-derived values replaced.</summary>
    public string Apply(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        text = ReleaseId().Replace(text, m => this.Placeholder("release", m.Value));
        text = Duration().Replace(text, "\"durationSeconds\":\"<seconds>\"");
        return RunStamp().Replace(text, m => this.Placeholder("run", m.Value));
    }

    private string Placeholder(string label, string value)
    {
        if (!this.seen.TryGetValue(value, out var placeholder))
        {
            var n = this.counts[label] = this.counts.GetValueOrDefault(label) + 1;
            placeholder = $"<{label}#{n}>";
            this.seen[value] = placeholder;
        }

        return placeholder;
    }

    [GeneratedRegex(@"\d{8}T\d{6}Z-[0-9a-f]{8}", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseId();

    [GeneratedRegex(@"""durationSeconds"":-?[0-9.eE+-]+", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\d{8}T\d{13}", RegexOptions.CultureInvariant)]
    private static partial Regex RunStamp();
}
