namespace WebsiteFactory.Workflows.Analytics;

/// <summary>Anomaly rules over <c>daily_analytics</c>.</summary>
public static class AnalyticsAnomaly
{
    /// <summary>Smallest 7-day median that is compared at all (tiny sites swing by chance).</summary>
    public const int MinimumMedian = 10;

    /// <summary>
    /// Returns a description when <paramref name="visits"/> dropped below half the median of <paramref name="previousDays"/>
    /// (the up to seven days before it that have a figure); null otherwise.
    /// </summary>
    public static string? VisitsDrop(int visits, IReadOnlyList<int> previousDays)
    {
        ArgumentNullException.ThrowIfNull(previousDays);
        if (previousDays.Count < 3)
        {
            return null;
        }

        var sorted = previousDays.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2.0;
        return median >= MinimumMedian && visits < median * 0.5
            ? $"Visits dropped to {visits} from a 7-day median of {median:0.#} (-{(1 - (visits / median)) * 100:0}%)."
            : null;
    }
}
