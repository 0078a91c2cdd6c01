using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Tests.Hosting;

/// <summary>The context of an activity run directly by a test, as a host would pass it.</summary>
internal sealed class TestActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
