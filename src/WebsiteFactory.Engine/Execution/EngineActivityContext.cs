using Microsoft.DurableTask;

namespace WebsiteFactory.Engine.Execution;

/// <summary>The SDK's <see cref="TaskActivityContext"/> for an activity the engine runs.</summary>
internal sealed class EngineActivityContext(TaskName name, string instanceId, string version) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public override string Version { get; } = version;
}
