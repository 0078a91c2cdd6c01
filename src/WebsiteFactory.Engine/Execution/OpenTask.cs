using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Execution;

/// <summary>A durable task the orchestrator awaits: an activity, timer, sub-orchestration or external event wait.</summary>
internal abstract class OpenTask(HistoryEventType kind, string name, int taskId)
{
    public HistoryEventType Kind { get; } = kind;

    public string Name { get; } = name;

    public int TaskId { get; } = taskId;

    public abstract void Complete(byte[]? payload, DataConverter converter);

    public abstract void Fail(Exception exception);

    public abstract void Cancel();
}

/// <summary>A typed <see cref="OpenTask"/>.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal sealed class OpenTask<T>(HistoryEventType kind, string name, int taskId) : OpenTask(kind, name, taskId)
{
    // Continuations run inline, on the episode's thread, in completion order: that is what makes replay deterministic.
    private readonly TaskCompletionSource<T> source = new();

    public Task<T> Task => this.source.Task;

    public override void Complete(byte[]? payload, DataConverter converter)
    {
        T value;
        try
        {
            value = payload is null || payload.Length == 0 ? default! : (T)converter.Deserialize(payload, typeof(T))!;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidCastException)
        {
            this.source.TrySetException(new InvalidOperationException(
                $"The result of {this.Kind} '{this.Name}' (#{this.TaskId}) cannot be read as {typeof(T).Name}: {e.Message}", e));
            return;
        }

        this.source.TrySetResult(value);
    }

    public override void Fail(Exception exception) => this.source.TrySetException(exception);

    public override void Cancel() => this.source.TrySetCanceled();
}
