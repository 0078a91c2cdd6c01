namespace WebsiteFactory.Core.Preflight;

/// <summary>The result of one pre-flight check on one target.</summary>
public enum PreflightStatus
{
    /// <summary>Nothing to do.</summary>
    Pass,

    /// <summary>Works now, but needs attention soon (e.g. a secret due for rotation, a disk filling up); never blocks a batch.</summary>
    Warn,

    /// <summary>Provisioning would fail on this target; blocks a batch that uses it.</summary>
    Fail,
}
