namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>A step failure that retrying cannot fix (bad credentials, invalid domain, zone held elsewhere, quota): fail fast.</summary>
public sealed class PermanentStepException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PermanentStepException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public PermanentStepException() : this("The step failed permanently.") { }

    /// <summary>Creates the exception.</summary>
    public PermanentStepException(string message, Exception inner) : base(message, inner) { }
}
