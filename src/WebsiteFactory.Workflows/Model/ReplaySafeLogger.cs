using Microsoft.Extensions.Logging;

namespace WebsiteFactory.Workflows;

/// <summary>An <see cref="ILogger"/> that drops log entries while its orchestration context is replaying.</summary>
public sealed class ReplaySafeLogger : ILogger
{
    private readonly IOrchestrationContext context;
    private readonly ILogger inner;

    /// <summary>Initializes a new instance of the <see cref="ReplaySafeLogger"/> class.</summary>
    /// <param name="context">The orchestration context whose <see cref="IOrchestrationContext.IsReplaying"/> gates output.</param>
    /// <param name="inner">The logger that receives entries written outside replay.</param>
    public ReplaySafeLogger(IOrchestrationContext context, ILogger inner)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(inner);
        this.context = context;
        this.inner = inner;
    }

    /// <inheritdoc/>
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => this.inner.BeginScope(state);

    /// <inheritdoc/>
    public bool IsEnabled(LogLevel logLevel) => !this.context.IsReplaying && this.inner.IsEnabled(logLevel);

    /// <inheritdoc/>
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!this.context.IsReplaying)
        {
            this.inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
