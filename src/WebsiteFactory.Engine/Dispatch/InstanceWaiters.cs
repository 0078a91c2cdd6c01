namespace WebsiteFactory.Engine.Dispatch;

/// <summary>Lets in-process clients wait for an instance to change without polling the database at a high rate.</summary>
internal sealed class InstanceWaiters
{
    private readonly Dictionary<string, TaskCompletionSource> waiters = new(StringComparer.Ordinal);

    /// <summary>Returns a task completed when the instance next changes.</summary>
    public Task NextChangeAsync(string instanceId)
    {
        lock (this.waiters)
        {
            if (!this.waiters.TryGetValue(instanceId, out TaskCompletionSource? source))
            {
                this.waiters[instanceId] = source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return source.Task;
        }
    }

    /// <summary>Wakes the waiters of the given instances.</summary>
    public void Changed(IEnumerable<string> instanceIds)
    {
        List<TaskCompletionSource>? wake = null;
        lock (this.waiters)
        {
            if (this.waiters.Count == 0)
            {
                return;
            }

            foreach (string id in instanceIds)
            {
                if (this.waiters.Remove(id, out TaskCompletionSource? source))
                {
                    (wake ??= []).Add(source);
                }
            }
        }

        wake?.ForEach(w => w.TrySetResult());
    }
}
