using System.Text.Json;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>One execution of a stub activity.</summary>
/// <param name="Token">The scenario's token (every instance id of the scenario contains it).</param>
/// <param name="InstanceId">The calling orchestration instance.</param>
/// <param name="Activity">The activity name.</param>
/// <param name="RawInput">The input as the orchestrator serialized it (JSON; <c>null</c> without input).</param>
/// <param name="Attempt">The attempt number for this instance, activity and input (1-based): retries of one step count up.</param>
public sealed record StubCall(string Token, string InstanceId, string Activity, string RawInput, int Attempt)
{
    /// <summary>Gets the parsed input.</summary>
    public JsonElement Input => JsonDocument.Parse(this.RawInput).RootElement;

    /// <summary>Reads a string property of the input (camelCase, as the product serializes).</summary>
    public string? Str(string property) =>
        this.Input.ValueKind == JsonValueKind.Object && this.Input.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Reads a GUID property of the input.</summary>
    public Guid GuidOf(string property) => Guid.Parse(this.Str(property) ?? throw new InvalidOperationException($"{this.Activity}: input has no '{property}'."));
}
