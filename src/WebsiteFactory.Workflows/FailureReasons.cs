using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows;

/// <summary>The operator-facing reason of a failed task, for the orchestrators to record and rethrow.</summary>
internal static class FailureReasons
{
    /// <summary>
    /// The reason of a site step failure, else the innermost failure's message (what the adapter or step said)
    /// without the task wrappers (the SDK's and DurableTask.Core's <c>TaskFailedException</c>).
    /// </summary>
    public static string Of(TaskFailureDetails details)
    {
        if (SiteStepFailedException.TryRead(details, out _, out var reason))
        {
            return reason;
        }

        var d = details;
        while (d.InnerFailure is not null && d.ErrorType.EndsWith(".TaskFailedException", StringComparison.Ordinal))
        {
            d = d.InnerFailure;
        }

        return d.ErrorMessage;
    }
}
