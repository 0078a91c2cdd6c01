namespace WebsiteFactory.Core.Execution;

/// <summary>
/// The <see cref="IActivityExecutionAccessor"/> both hosts share: the embedded engine and the Functions activity
/// triggers <see cref="Enter"/> a call around the activity; the value flows with the async context, so concurrent
/// activities each see their own.
/// </summary>
public sealed class ActivityExecutionAccessor : IActivityExecutionAccessor
{
    private static readonly AsyncLocal<ActivityExecution?> CurrentCall = new();

    /// <inheritdoc/>
    public ActivityExecution Current => CurrentCall.Value ?? ActivityExecution.None;

    /// <summary>Makes <paramref name="execution"/> current on this async flow until the returned scope is disposed.</summary>
    /// <param name="execution">The call being run.</param>
    /// <returns>A scope that restores the previous value.</returns>
    public static IDisposable Enter(ActivityExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ActivityExecution? previous = CurrentCall.Value;
        CurrentCall.Value = execution;
        return new Scope(previous);
    }

    private sealed class Scope(ActivityExecution? previous) : IDisposable
    {
        public void Dispose() => CurrentCall.Value = previous;
    }
}
