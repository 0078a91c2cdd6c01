namespace WebsiteFactory.Cli;

/// <summary>A failure to report to the user with an exit code (no stack trace).</summary>
public sealed class CliException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    /// <param name="message">What went wrong and what to do.</param>
    /// <param name="exitCode">The exit code.</param>
    public CliException(string message, int exitCode = ExitCodes.Failed)
        : base(message) => ExitCode = exitCode;

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    public CliException()
        : this("Failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    /// <param name="message">The message.</param>
    public CliException(string message)
        : this(message, ExitCodes.Failed)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CliException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CliException(string message, Exception innerException)
        : base(message, innerException) => ExitCode = ExitCodes.Failed;

    /// <summary>Gets the exit code.</summary>
    public int ExitCode { get; }
}
