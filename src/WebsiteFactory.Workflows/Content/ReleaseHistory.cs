using System.Globalization;
using System.Text.RegularExpressions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Workflows.Content;

/// <summary>
/// The releases a site's audit trail says went live, in the order the server's history keeps them: the deploy step and
/// the rollback step record their switches here (<see cref="Deployed"/>, <see cref="RolledBack"/>), and the API reads them
/// back (<see cref="Replay"/>) to refuse a rollback that has nowhere to go before anything starts.
/// </summary>
/// <remarks>
/// The server's <c>.history</c> stays the authority: the rollback script refuses on its own when there is no earlier real
/// release. This replay only answers the operator at once and keeps a doomed rollback from starting.
/// </remarks>
public static partial class ReleaseHistory
{
    /// <summary>The audit message of a deploy that made a release live.</summary>
    /// <param name="result">What the deployer did.</param>
    /// <returns>The message.</returns>
    public static string Deployed(DeployResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture, $"Release {result.ReleaseId} is live (previous: {result.PreviousReleaseId ?? "none"}; kept: {result.Releases.Count}).");
    }

    /// <summary>The audit message of a rollback.</summary>
    /// <param name="result">What the deployer did.</param>
    /// <returns>The message.</returns>
    public static string RolledBack(DeployResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"Rolled back to release {result.ReleaseId} (was {result.PreviousReleaseId}).";
    }

    /// <summary>
    /// Replays a site's successful deploy events, oldest first, into the stack of releases that were live (a switch pushes,
    /// a rollback pops), like the rollback script does with the server's history.
    /// </summary>
    /// <param name="oldestFirst">The site's events, oldest first (others than successful deploy events are skipped).</param>
    /// <returns>The releases that were live, oldest first; the last is live now. CloudPanel's placeholder
    /// (<see cref="DeployResult.PlaceholderReleaseId"/>) is included when the first deploy replaced it.</returns>
    public static IReadOnlyList<string> Replay(IEnumerable<SiteEvent> oldestFirst)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        var stack = new List<string>();
        foreach (var e in oldestFirst)
        {
            if (e.Step != SiteStep.Deploy || e.Outcome != StepOutcome.Succeeded || e.Message is null)
            {
                continue;
            }

            if (LivePattern().Match(e.Message) is { Success: true } live)
            {
                var previous = live.Groups["previous"].Value;
                if (stack.Count == 0 && previous is not ("none" or ""))
                {
                    stack.Add(previous);
                }

                Push(stack, live.Groups["id"].Value);
            }
            else if (RolledBackPattern().Match(e.Message) is { Success: true } back)
            {
                var target = back.Groups["id"].Value;
                if (stack.Count > 0 && stack[^1] != target)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                Push(stack, target);
            }
        }

        return stack;
    }

    /// <summary>The release a rollback would go back to, or null when there is no earlier real release.</summary>
    /// <param name="history">The releases that were live, oldest first (<see cref="Replay"/>).</param>
    /// <returns>The target; never the placeholder.</returns>
    public static string? RollbackTarget(IReadOnlyList<string> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return history.Count >= 2 && history[^2] != DeployResult.PlaceholderReleaseId ? history[^2] : null;
    }

    private static void Push(List<string> stack, string release)
    {
        if (stack.Count == 0 || stack[^1] != release)
        {
            stack.Add(release);
        }
    }

    [GeneratedRegex(@"^Release (?<id>\S+) is live \(previous: (?<previous>[^;)]*)[;)]", RegexOptions.CultureInvariant)]
    private static partial Regex LivePattern();

    [GeneratedRegex(@"^Rolled back to release (?<id>\S+) \(was (?<previous>[^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex RolledBackPattern();
}
