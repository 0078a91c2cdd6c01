namespace WebsiteFactory.Server.Schedules;

/// <summary>The nightly certificate-expiry check (section <c>Certificates</c>).</summary>
public sealed class CertificateCheckOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Certificates";

    /// <summary>The default schedule: 03:15 UTC, after the nightly analytics run.</summary>
    public const string DefaultSchedule = "0 15 3 * * *";

    /// <summary>Whether the check runs. Default true (it is idle on a host without vendor adapters).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Six-field NCrontab expression (with seconds), UTC. Default <see cref="DefaultSchedule"/>.</summary>
    public string NightlySchedule { get; set; } = DefaultSchedule;
}
