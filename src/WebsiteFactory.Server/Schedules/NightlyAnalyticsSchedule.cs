using System.Globalization;
using NCrontab;

namespace WebsiteFactory.Server.Schedules;

/// <summary>The schedule computation of the nightly analytics run: next occurrence and the run's instance id.</summary>
/// <remarks>Pure (no clock, no I/O), so it is unit-tested without waiting.</remarks>
public sealed class NightlyAnalyticsSchedule
{
    private static readonly CrontabSchedule.ParseOptions SecondsFormat = new() { IncludingSeconds = true };
    private readonly CrontabSchedule schedule;

    private NightlyAnalyticsSchedule(CrontabSchedule schedule, string expression)
    {
        this.schedule = schedule;
        this.Expression = expression;
    }

    /// <summary>Gets the cron expression.</summary>
    public string Expression { get; }

    /// <summary>Parses a six-field NCrontab expression (seconds first).</summary>
    /// <param name="expression">The expression, e.g. <c>0 30 2 * * *</c>.</param>
    /// <returns>The schedule, or <see langword="null"/> when the expression is not a valid six-field expression.</returns>
    public static NightlyAnalyticsSchedule? TryParse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        var parsed = CrontabSchedule.TryParse(expression.Trim(), SecondsFormat);
        return parsed is null ? null : new NightlyAnalyticsSchedule(parsed, expression.Trim());
    }

    /// <summary>The deterministic instance id of the run started by an occurrence.</summary>
    /// <param name="occurrence">The occurrence (UTC).</param>
    /// <returns><c>nightly-analytics-yyyyMMdd</c> of the occurrence's UTC date (the id the Functions timer uses too).</returns>
    /// <remarks>
    /// Every server process (and the Functions timer) derives the same id for the same day, so the engine's start
    /// deduplication lets only one of them start the run.
    /// </remarks>
    public static string InstanceIdFor(DateTimeOffset occurrence) =>
        "nightly-analytics-" + occurrence.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    /// <param name="after">The reference time (any offset; evaluated in UTC).</param>
    /// <returns>The next occurrence (UTC offset), or <see langword="null"/> when the expression never fires again.</returns>
    public DateTimeOffset? NextAfter(DateTimeOffset after)
    {
        var from = after.UtcDateTime;

        // NCrontab answers the end bound when nothing occurs before it; ten years covers "29 Feb" style expressions.
        var end = from.AddYears(10);
        var next = this.schedule.GetNextOccurrence(from, end);
        return next >= end ? null : new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }
}
