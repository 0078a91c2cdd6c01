namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>A stub's transient failure: neither permanent nor rate-limited, so the step retry policies try again.</summary>
public sealed class TransientStubException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransientStubException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public TransientStubException() : this("Transient stub failure.") { }

    /// <summary>Creates the exception.</summary>
    public TransientStubException(string message, Exception inner) : base(message, inner) { }
}
