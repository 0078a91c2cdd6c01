namespace WebsiteFactory.Workflows.Tests.Hosting;

/// <summary>Which durable host runs the workflows under test.</summary>
public enum DurableHost
{
    /// <summary>Microsoft's in-process reference host: the stock SDK worker and client over DTFx's in-memory service.</summary>
    Reference,

    /// <summary>The embedded PostgreSQL engine (<c>AddWorkflowEngine</c>); wired when the engine rewrite is integrated.</summary>
    Engine,
}
