using System.Text.Json.Nodes;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Api.Management;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// The dashboard's view of an instance (like Durable Functions Monitor): status, every history event with redacted
/// payloads, and one span per activity, sub-orchestration and timer (scheduled → finished, duration) for a Gantt chart.
/// </summary>
public static class InstanceHistory
{
    /// <summary>Builds the view.</summary>
    /// <param name="m">The instance (with inputs and outputs).</param>
    /// <param name="events">Its history.</param>
    /// <returns>A snake_case JSON object.</returns>
    public static JsonObject Build(OrchestrationMetadata m, IReadOnlyList<HistoryEntry> events)
    {
        var scheduled = new Dictionary<(string Kind, int Id), HistoryEntry>();
        var spans = new List<JsonObject>();
        var list = new JsonArray();
        foreach (var e in events)
        {
            var kind = e.EventType switch
            {
                EventType.TaskScheduled or EventType.TaskCompleted or EventType.TaskFailed => "activity",
                EventType.SubOrchestrationInstanceCreated or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed => "sub_orchestration",
                EventType.TimerCreated or EventType.TimerFired => "timer",
                _ => null,
            };
            var isStart = e.EventType is EventType.TaskScheduled or EventType.SubOrchestrationInstanceCreated or EventType.TimerCreated;
            HistoryEntry? start = null;
            if (kind is not null && e.TaskId is { } taskId)
            {
                if (isStart)
                {
                    scheduled[(kind, taskId)] = e;
                }
                else if (scheduled.Remove((kind, taskId), out var s))
                {
                    start = s;
                    spans.Add(Span(kind, s, e));
                }
            }

            var item = new JsonObject
            {
                ["sequence"] = e.Sequence,
                ["event_type"] = e.EventType.ToString(),
                ["timestamp"] = e.Timestamp,
                ["name"] = e.Name ?? start?.Name,
                ["task_id"] = e.TaskId,
                ["instance_id"] = e.InstanceId,
                ["input"] = ManagementJson.Payload(e.Input),
                ["result"] = ManagementJson.Payload(e.Result),
                ["failure"] = Failure(e.FailureDetails),
                ["fire_at"] = e.FireAt,
                ["reason"] = SecretRedactor.Redact(e.Reason),
                ["orchestration_status"] = e.OrchestrationStatus?.ToString(),
                ["scheduled_time"] = start?.Timestamp,
                ["duration_ms"] = start is null ? null : (e.Timestamp - start.Timestamp).TotalMilliseconds,
            };
            list.Add(item);
        }

        foreach (var ((kind, _), s) in scheduled)
        {
            spans.Add(Span(kind, s, null));
        }

        var spanArray = new JsonArray();
        foreach (var span in spans.OrderBy(s => s["started_at"]!.GetValue<DateTimeOffset>()))
        {
            spanArray.Add(span);
        }

        return new JsonObject
        {
            ["instance_id"] = m.InstanceId,
            ["name"] = m.Name,
            ["runtime_status"] = m.RuntimeStatus.ToString(),
            ["created_at"] = m.CreatedAt,
            ["last_updated_at"] = m.LastUpdatedAt,
            ["completed_at"] = CompletedAt(m, events),
            ["parent_instance_id"] = events.FirstOrDefault(e => e.EventType == EventType.ExecutionStarted)?.InstanceId,
            ["input"] = ManagementJson.Payload(m.SerializedInput),
            ["output"] = ManagementJson.Payload(m.SerializedOutput),
            ["custom_status"] = ManagementJson.Payload(m.SerializedCustomStatus),
            ["failure"] = Failure(m.FailureDetails),
            ["events"] = list,
            ["spans"] = spanArray,
        };
    }

    /// <summary>When a finished execution ended: its last event (ExecutionCompleted/Terminated), else the last update.</summary>
    private static DateTimeOffset? CompletedAt(OrchestrationMetadata m, IReadOnlyList<HistoryEntry> events)
    {
        if (!m.IsCompleted)
        {
            return null;
        }

        return events.LastOrDefault(e => e.EventType is EventType.ExecutionCompleted or EventType.ExecutionTerminated)?.Timestamp ?? m.LastUpdatedAt;
    }

    private static JsonObject Span(string kind, HistoryEntry start, HistoryEntry? end) => new()
    {
        ["kind"] = kind,
        ["name"] = start.Name ?? (kind == "timer" ? "timer" : null),
        ["task_id"] = start.TaskId,
        ["sub_instance_id"] = kind == "sub_orchestration" ? start.InstanceId : null,
        ["started_at"] = start.Timestamp,
        ["ended_at"] = end?.Timestamp,
        ["duration_ms"] = end is null ? null : (end.Timestamp - start.Timestamp).TotalMilliseconds,
        ["status"] = end is null ? "pending" : end.EventType is EventType.TaskFailed or EventType.SubOrchestrationInstanceFailed ? "failed" : "completed",
        ["error"] = end?.FailureDetails is { } f ? SecretRedactor.Redact(f.ErrorMessage) : null,
    };

    private static JsonObject? Failure(TaskFailureDetails? f) => f is null ? null : new JsonObject
    {
        ["error_type"] = f.ErrorType,
        ["error_message"] = SecretRedactor.Redact(f.ErrorMessage),
        ["stack_trace"] = SecretRedactor.Redact(f.StackTrace),
        ["inner_failure"] = Failure(f.InnerFailure),
    };
}
