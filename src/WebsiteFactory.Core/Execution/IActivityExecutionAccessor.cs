namespace WebsiteFactory.Core.Execution;

/// <summary>
/// Gives an activity the <see cref="ActivityExecution"/> of the call it is running (like <c>IHttpContextAccessor</c>
/// for a request). Inject it into the activity's constructor; read <see cref="Current"/> inside <c>RunAsync</c>.
/// </summary>
public interface IActivityExecutionAccessor
{
    /// <summary>Gets the running call, or <see cref="ActivityExecution.None"/> outside one.</summary>
    ActivityExecution Current { get; }
}
