using Microsoft.Extensions.Logging;

namespace WebsiteFactory.Functions;

/// <summary>Source-generated log messages of the Functions host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Started {Orchestrator} instance {InstanceId}")]
    public static partial void Started(ILogger logger, string orchestrator, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Nightly analytics timer is past due (last run {LastRun})")]
    public static partial void TimerPastDue(ILogger logger, DateTime? lastRun);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "The handler of {Route} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string route);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Ignored an X-MS-CLIENT-PRINCIPAL header that is not valid base64 JSON")]
    public static partial void MalformedClientPrincipal(ILogger logger, Exception exception);
}
