using System.Text.Json.Nodes;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Api.Management;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Server.Management;

/// <summary>
/// Post-processes recorded history the way Durable Functions' <c>GetDurableOrchestrationStatusAsync</c> does
/// (docs/durable-http-api.md §5): PascalCase keys, episode markers and answered schedules dropped, completions
/// enriched with <c>FunctionName</c>, <c>ScheduledTime</c> and the scheduled <c>Input</c>. Payloads are redacted.
/// </summary>
public static class HistoryProjection
{
    /// <summary>Projects the history.</summary>
    /// <param name="events">The recorded events, oldest first (<see cref="HistoryEntry.From(IEnumerable{DurableTask.Core.History.HistoryEvent})"/>).</param>
    /// <param name="showInput">Include inputs.</param>
    /// <param name="showOutput">Include results (<c>showHistoryOutput</c>).</param>
    /// <param name="orchestratorName">The instance's orchestrator name (for <c>ExecutionStarted</c> when the event does not carry it).</param>
    /// <returns>The JSON array.</returns>
    public static JsonArray Project(IReadOnlyList<HistoryEntry> events, bool showInput, bool showOutput, string? orchestratorName = null)
    {
        var scheduled = new Dictionary<(bool Sub, int Id), HistoryEntry>();
        var answered = new HashSet<(bool Sub, int Id)>();
        foreach (var e in events)
        {
            switch (e.EventType)
            {
                case EventType.TaskScheduled when e.TaskId is { } id:
                    scheduled[(false, id)] = e;
                    break;
                case EventType.SubOrchestrationInstanceCreated when e.TaskId is { } id:
                    scheduled[(true, id)] = e;
                    break;
                case EventType.TaskCompleted or EventType.TaskFailed when e.TaskId is { } id:
                    answered.Add((false, id));
                    break;
                case EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed when e.TaskId is { } id:
                    answered.Add((true, id));
                    break;
            }
        }

        var result = new JsonArray();
        foreach (var e in events)
        {
            var item = e.EventType switch
            {
                EventType.OrchestratorStarted or EventType.OrchestratorCompleted => null,
                EventType.TaskScheduled when e.TaskId is { } id && answered.Contains((false, id)) => null,
                EventType.SubOrchestrationInstanceCreated when e.TaskId is { } id && answered.Contains((true, id)) => null,
                _ => Item(e, scheduled, showInput, showOutput, orchestratorName),
            };
            if (item is not null)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static JsonObject Item(HistoryEntry e, Dictionary<(bool Sub, int Id), HistoryEntry> scheduled, bool showInput, bool showOutput, string? orchestratorName)
    {
        var o = new JsonObject { ["EventType"] = e.EventType.ToString() };
        switch (e.EventType)
        {
            case EventType.ExecutionStarted:
                o["FunctionName"] = e.Name ?? orchestratorName;
                if (showInput)
                {
                    o["Input"] = RawText(e.Input);
                }

                break;
            case EventType.TaskCompleted or EventType.TaskFailed
                or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed:
                var sub = e.EventType is EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed;
                if (e.TaskId is { } id && scheduled.TryGetValue((sub, id), out var s))
                {
                    o["FunctionName"] = s.Name;
                    o["ScheduledTime"] = ManagementJson.HistoryTime(s.Timestamp);
                    if (sub && s.InstanceId is not null)
                    {
                        o["SubOrchestrationId"] = s.InstanceId;
                    }

                    if (showInput)
                    {
                        o["Input"] = RawText(s.Input);
                    }
                }

                if (showOutput && e.Result is not null)
                {
                    o["Result"] = ManagementJson.Payload(e.Result);
                }

                AddFailure(o, e.FailureDetails);
                break;
            case EventType.ExecutionCompleted or EventType.ExecutionTerminated:
                o["OrchestrationStatus"] = (e.OrchestrationStatus ?? (e.EventType == EventType.ExecutionTerminated ? OrchestrationRuntimeStatus.Terminated : OrchestrationRuntimeStatus.Completed)).ToString();
                if (showOutput && e.Result is not null)
                {
                    o["Result"] = ManagementJson.Payload(e.Result);
                }

                AddFailure(o, e.FailureDetails);
                break;
            case EventType.TimerCreated or EventType.TimerFired:
                if (e.FireAt is { } fireAt)
                {
                    o["FireAt"] = ManagementJson.HistoryTime(fireAt);
                }

                break;
            default:
                if (e.Name is not null)
                {
                    o["Name"] = e.Name;
                }

                if (e.InstanceId is not null)
                {
                    o["InstanceId"] = e.InstanceId;
                }

                if (showInput && e.Input is not null)
                {
                    o["Input"] = RawText(e.Input);
                }

                break;
        }

        if (e.Reason is not null)
        {
            o["Reason"] ??= SecretRedactor.Redact(e.Reason);
        }

        o["Timestamp"] = ManagementJson.HistoryTime(e.Timestamp);
        return o;
    }

    private static void AddFailure(JsonObject o, TaskFailureDetails? failure)
    {
        if (failure is null)
        {
            return;
        }

        o["Reason"] = SecretRedactor.Redact(failure.ErrorMessage);
        o["Details"] = SecretRedactor.Redact($"{failure.ErrorType}: {failure.ErrorMessage}");
        o["FailureDetails"] = Failure(failure);
    }

    private static JsonObject Failure(TaskFailureDetails f) => new()
    {
        ["ErrorType"] = f.ErrorType,
        ["ErrorMessage"] = SecretRedactor.Redact(f.ErrorMessage),
        ["StackTrace"] = SecretRedactor.Redact(f.StackTrace),
        ["InnerFailure"] = f.InnerFailure is null ? null : Failure(f.InnerFailure),
    };

    // Durable Functions keeps history inputs as the raw JSON text it stored; we redact the text first.
    private static JsonValue? RawText(string? text) => text is null ? null : JsonValue.Create(SecretRedactor.Redact(text));
}
