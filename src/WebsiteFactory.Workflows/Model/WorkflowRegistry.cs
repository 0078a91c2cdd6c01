using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace WebsiteFactory.Workflows;

/// <summary>
/// Collects orchestrator and activity registrations; passed to the configure callback of
/// <see cref="WorkflowsServiceCollectionExtensions.AddWorkflows"/>. Names are case-insensitive.
/// </summary>
/// <remarks>
/// The name of a class registration is, in order: the explicit name argument, <see cref="DurableTaskAttribute.Name"/>,
/// the class name. Orchestrators may be registered several times under one name with distinct versions.
/// </remarks>
public sealed class WorkflowRegistry
{
    private readonly List<OrchestratorRegistration> orchestrators = [];
    private readonly List<ActivityRegistration> activities = [];

    /// <summary>Gets the orchestrator registrations collected so far.</summary>
    public IReadOnlyList<OrchestratorRegistration> Orchestrators => this.orchestrators;

    /// <summary>Gets the activity registrations collected so far.</summary>
    public IReadOnlyList<ActivityRegistration> Activities => this.activities;

    /// <summary>Registers an orchestrator class under its attribute or class name and version.</summary>
    /// <typeparam name="TOrchestrator">The orchestrator class.</typeparam>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddOrchestrator<TOrchestrator>()
        where TOrchestrator : class, IOrchestrator => this.AddOrchestrator<TOrchestrator>(null, null);

    /// <summary>Registers an orchestrator class under an explicit name and version.</summary>
    /// <typeparam name="TOrchestrator">The orchestrator class.</typeparam>
    /// <param name="name">The name; <see langword="null"/> uses the attribute or class name.</param>
    /// <param name="version">The version; <see langword="null"/> uses the attribute's version or none.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddOrchestrator<TOrchestrator>(string? name, string? version = null)
        where TOrchestrator : class, IOrchestrator
    {
        DurableTaskAttribute? attribute = typeof(TOrchestrator).GetCustomAttribute<DurableTaskAttribute>();
        this.orchestrators.Add(new OrchestratorRegistration(
            name ?? attribute?.Name ?? typeof(TOrchestrator).Name,
            version ?? attribute?.Version ?? string.Empty,
            typeof(TOrchestrator),
            services => ActivatorUtilities.CreateInstance<TOrchestrator>(services)));
        return this;
    }

    /// <summary>Registers an orchestrator implemented by a delegate.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="implementation">The orchestrator code.</param>
    /// <param name="version">The version; <see langword="null"/> for none.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddOrchestrator<TInput, TOutput>(string name, Func<IOrchestrationContext, TInput, Task<TOutput>> implementation, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        var instance = new FuncOrchestrator<TInput, TOutput>(implementation);
        this.orchestrators.Add(new OrchestratorRegistration(name, version ?? string.Empty, implementation.GetType(), _ => instance));
        return this;
    }

    /// <summary>Registers an activity class under its attribute or class name.</summary>
    /// <typeparam name="TActivity">The activity class; resolved from a fresh DI scope per invocation.</typeparam>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TActivity>()
        where TActivity : class, IActivity => this.AddActivity<TActivity>(null);

    /// <summary>Registers an activity class under an explicit name.</summary>
    /// <typeparam name="TActivity">The activity class; resolved from a fresh DI scope per invocation.</typeparam>
    /// <param name="name">The name; <see langword="null"/> uses the attribute or class name.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TActivity>(string? name)
        where TActivity : class, IActivity
    {
        this.activities.Add(new ActivityRegistration(
            name ?? typeof(TActivity).GetCustomAttribute<DurableTaskAttribute>()?.Name ?? typeof(TActivity).Name,
            typeof(TActivity),
            scoped => ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(scoped)));
        return this;
    }

    /// <summary>Registers an activity implemented by a delegate.</summary>
    /// <typeparam name="TInput">The input type.</typeparam>
    /// <typeparam name="TOutput">The output type.</typeparam>
    /// <param name="name">The name.</param>
    /// <param name="implementation">The activity code.</param>
    /// <returns>This registry.</returns>
    public WorkflowRegistry AddActivity<TInput, TOutput>(string name, Func<ActivityContext, TInput, Task<TOutput>> implementation)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        var instance = new FuncActivity<TInput, TOutput>(implementation);
        this.activities.Add(new ActivityRegistration(name, implementation.GetType(), _ => instance));
        return this;
    }
}
