using Microsoft.DurableTask;

namespace WebsiteFactory.Conformance.Tests.Orchestrators;

/// <summary>Sends <c>ping</c> to the instance named by its input (a <see cref="PingReceiver"/>) and returns the <c>pong</c> it answers.</summary>
public sealed class PingSender : TaskOrchestrator<string, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.PingSender";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SendEvent(input, "ping", new PingMessage(context.InstanceId, "hello"));
        context.SetCustomStatus("sent");
        return await context.WaitForExternalEvent<string>("pong");
    }
}

/// <summary>Waits for <c>ping</c>, answers the sender with <c>pong</c> and returns what it got.</summary>
public sealed class PingReceiver : TaskOrchestrator<string?, string>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Conformance.PingReceiver";

    /// <inheritdoc />
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus("waiting");
        var ping = await context.WaitForExternalEvent<PingMessage>("ping");
        context.SendEvent(ping.From, "pong", $"{ping.Text} back from {context.InstanceId}");
        return $"{ping.Text} from {ping.From}";
    }
}

/// <summary>The <c>ping</c> payload.</summary>
/// <param name="From">The sender's instance id.</param>
/// <param name="Text">The text.</param>
public sealed record PingMessage(string From, string Text);
