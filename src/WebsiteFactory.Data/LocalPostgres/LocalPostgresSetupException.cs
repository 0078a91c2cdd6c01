namespace WebsiteFactory.Data.LocalPostgres;

/// <summary>
/// The local cluster cannot be set up for a reason the operator fixes (a directory the server user cannot reach). The
/// message is one sentence naming the problem and the fix; hosts print it without a stack trace.
/// </summary>
public sealed class LocalPostgresSetupException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public LocalPostgresSetupException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence: what is wrong and how to fix it.</param>
    public LocalPostgresSetupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence: what is wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public LocalPostgresSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
