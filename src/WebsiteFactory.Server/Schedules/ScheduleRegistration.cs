namespace WebsiteFactory.Server.Schedules;

/// <summary>Registers the embedded host's schedules.</summary>
public static class ScheduleRegistration
{
    /// <summary>
    /// Adds the nightly analytics schedule (section <c>Analytics</c>: <c>Enabled</c>, <c>NightlySchedule</c>) and the nightly
    /// reconcile (section <c>Reconcile</c>, same keys).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebsiteFactorySchedules(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AnalyticsScheduleOptions>().Bind(config.GetSection(AnalyticsScheduleOptions.SectionName))
            .Validate(
                o => !o.Enabled || NightlyAnalyticsSchedule.TryParse(o.NightlySchedule) is not null,
                "Analytics:NightlySchedule must be a six-field NCrontab expression with seconds, e.g. '0 30 2 * * *'.")
            .ValidateOnStart();
        services.AddHostedService<NightlyAnalyticsScheduler>();
        services.AddOptions<CertificateCheckOptions>().Bind(config.GetSection(CertificateCheckOptions.SectionName))
            .Validate(
                o => !o.Enabled || NightlyAnalyticsSchedule.TryParse(o.NightlySchedule) is not null,
                "Certificates:NightlySchedule must be a six-field NCrontab expression with seconds, e.g. '0 15 3 * * *'.")
            .ValidateOnStart();
        services.AddHostedService<CertificateCheckScheduler>();
        services.AddOptions<ReconcileScheduleOptions>().Bind(config.GetSection(ReconcileScheduleOptions.SectionName))
            .Validate(
                o => !o.Enabled || NightlyAnalyticsSchedule.TryParse(o.NightlySchedule) is not null,
                "Reconcile:NightlySchedule must be a six-field NCrontab expression with seconds, e.g. '0 0 4 * * *'.")
            .ValidateOnStart();
        services.AddHostedService<NightlyReconcileScheduler>();
        return services;
    }
}
