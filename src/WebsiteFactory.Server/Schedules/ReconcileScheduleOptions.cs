namespace WebsiteFactory.Server.Schedules;

/// <summary>Settings of the nightly reconcile (drift and orphans) on the embedded host (section <c>Reconcile</c>).</summary>
public sealed class ReconcileScheduleOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reconcile";

    /// <summary>The default schedule: 04:00:00 UTC every day (after the nightly analytics, away from batch hours).</summary>
    public const string DefaultSchedule = "0 0 4 * * *";

    /// <summary>Gets or sets a value indicating whether the schedule starts runs (default <see langword="true"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the NCrontab expression with seconds (six fields, evaluated in UTC).</summary>
    /// <remarks>The same setting (and format) as the Functions timer trigger's <c>%Reconcile:NightlySchedule%</c>.</remarks>
    public string NightlySchedule { get; set; } = DefaultSchedule;
}
