namespace WebsiteFactory.Core.Domain;

/// <summary>Outcome recorded in the <c>site_events</c> audit trail.</summary>
public enum StepOutcome
{
    /// <summary>The step began.</summary>
    Started,
    /// <summary>The step finished successfully (including "already done").</summary>
    Succeeded,
    /// <summary>The step failed; the event message says why.</summary>
    Failed,
    /// <summary>A non-blocking step failed; the pipeline went on (e.g. Matomo).</summary>
    Warning,
    /// <summary>An informational note (e.g. waiting for delegation).</summary>
    Info,
}
