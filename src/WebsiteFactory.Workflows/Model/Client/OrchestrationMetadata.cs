using System.Diagnostics.CodeAnalysis;

namespace WebsiteFactory.Workflows;

/// <summary>The state of an orchestration instance as a client sees it (mirrors <c>Microsoft.DurableTask.Client.OrchestrationMetadata</c>).</summary>
public sealed class OrchestrationMetadata
{
    /// <summary>Initializes a new instance of the <see cref="OrchestrationMetadata"/> class.</summary>
    /// <param name="name">The orchestrator name.</param>
    /// <param name="instanceId">The instance id.</param>
    public OrchestrationMetadata(string name, string instanceId)
    {
        this.Name = name;
        this.InstanceId = instanceId;
    }

    /// <summary>Gets the orchestrator name.</summary>
    public string Name { get; }

    /// <summary>Gets the instance id.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the orchestrator version the current execution runs on.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>Gets the runtime status.</summary>
    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    /// <summary>Gets when the instance was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the instance last changed.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>Gets when the instance reached a terminal status, if it has.</summary>
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Gets the input JSON (only when requested with inputs and outputs).</summary>
    public string? SerializedInput { get; init; }

    /// <summary>Gets the output JSON (only when requested; for Terminated, the reason).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>Gets the custom status JSON (only when requested).</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Gets the failure, for a Failed instance.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    /// <summary>Gets the tags the instance was started with.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the parent's instance id, for a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>Gets the converter used by the <c>Read…As</c> methods; set when inputs and outputs were requested.</summary>
    public DataConverter? DataConverter { get; init; }

    /// <summary>Gets a value indicating whether the instance is Running.</summary>
    public bool IsRunning => this.RuntimeStatus == OrchestrationRuntimeStatus.Running;

    /// <summary>Gets a value indicating whether the instance is Completed, Failed or Terminated.</summary>
    public bool IsCompleted => this.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    /// <summary>Deserializes the input.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The input.</returns>
    /// <exception cref="InvalidOperationException">Inputs and outputs were not requested.</exception>
    public T? ReadInputAs<T>() => this.Converter().Deserialize<T>(this.SerializedInput);

    /// <summary>Deserializes the output.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The output.</returns>
    /// <exception cref="InvalidOperationException">Inputs and outputs were not requested.</exception>
    public T? ReadOutputAs<T>() => this.Converter().Deserialize<T>(this.SerializedOutput);

    /// <summary>Deserializes the custom status.</summary>
    /// <typeparam name="T">The type.</typeparam>
    /// <returns>The custom status.</returns>
    /// <exception cref="InvalidOperationException">Inputs and outputs were not requested.</exception>
    public T? ReadCustomStatusAs<T>() => this.Converter().Deserialize<T>(this.SerializedCustomStatus);

    /// <inheritdoc/>
    public override string ToString()
        => $"[Name: '{this.Name}', ID: '{this.InstanceId}', RuntimeStatus: {this.RuntimeStatus}, CreatedAt: {this.CreatedAt:s}, LastUpdatedAt: {this.LastUpdatedAt:s}]";

    [SuppressMessage("Design", "CA1024:Use properties where appropriate", Justification = "Throws when data was not fetched.")]
    private DataConverter Converter()
        => this.DataConverter ?? throw new InvalidOperationException(
            "Inputs, outputs and custom status can only be read from metadata fetched with getInputsAndOutputs = true.");
}
