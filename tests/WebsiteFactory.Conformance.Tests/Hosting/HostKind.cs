namespace WebsiteFactory.Conformance.Tests.Hosting;

/// <summary>The two hosts compared.</summary>
public enum HostKind
{
    /// <summary>Microsoft's in-process reference host: the stock SDK worker and client over DTFx's in-memory service (gRPC sidecar).</summary>
    Reference,

    /// <summary>The embedded engine on PostgreSQL (<c>AddWorkflowEngine</c>).</summary>
    Engine,
}
