using Microsoft.Extensions.Logging;

namespace WebsiteFactory.Functions;

/// <summary>Source-generated log messages of the Functions host.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Started {Orchestrator} instance {InstanceId}")]
    public static partial void Started(ILogger logger, string orchestrator, string instanceId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Nightly analytics timer is past due (last run {LastRun})")]
    public static partial void TimerPastDue(ILogger logger, DateTime? lastRun);
}
