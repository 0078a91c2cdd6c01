namespace WebsiteFactory.Server.Schedules;

/// <summary>Settings of the nightly analytics schedule on the embedded host (section <c>Analytics</c>).</summary>
public sealed class AnalyticsScheduleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Analytics";

    /// <summary>The default schedule: 02:30:00 UTC every day.</summary>
    public const string DefaultSchedule = "0 30 2 * * *";

    /// <summary>Gets or sets a value indicating whether the schedule starts runs (default <see langword="true"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the NCrontab expression with seconds (six fields, evaluated in UTC).</summary>
    /// <remarks>The same setting (and format) as the Functions timer trigger's <c>%Analytics:NightlySchedule%</c>.</remarks>
    public string NightlySchedule { get; set; } = DefaultSchedule;
}
