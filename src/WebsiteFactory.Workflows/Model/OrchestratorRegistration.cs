namespace WebsiteFactory.Workflows;

/// <summary>A registered orchestrator: name, version and how to create it.</summary>
public sealed class OrchestratorRegistration
{
    /// <summary>Initializes a new instance of the <see cref="OrchestratorRegistration"/> class.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="version">The version (empty when unversioned).</param>
    /// <param name="implementationType">The implementing type, for diagnostics.</param>
    /// <param name="factory">Creates an instance for one episode from the root service provider.</param>
    public OrchestratorRegistration(string name, string version, Type implementationType, Func<IServiceProvider, IOrchestrator> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(implementationType);
        ArgumentNullException.ThrowIfNull(factory);
        this.Name = name;
        this.Version = version;
        this.ImplementationType = implementationType;
        this.Factory = factory;
    }

    /// <summary>Gets the registered name.</summary>
    public string Name { get; }

    /// <summary>Gets the version (empty when unversioned).</summary>
    public string Version { get; }

    /// <summary>Gets the implementing type.</summary>
    public Type ImplementationType { get; }

    /// <summary>Gets the factory that creates an instance for one episode.</summary>
    public Func<IServiceProvider, IOrchestrator> Factory { get; }
}
