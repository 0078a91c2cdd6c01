namespace WebsiteFactory.Workflows;

/// <summary>A registered activity: name and how to create it.</summary>
public sealed class ActivityRegistration
{
    /// <summary>Initializes a new instance of the <see cref="ActivityRegistration"/> class.</summary>
    /// <param name="name">The registered name.</param>
    /// <param name="implementationType">The implementing type, for diagnostics.</param>
    /// <param name="factory">Creates an instance for one invocation from a fresh scope's service provider.</param>
    public ActivityRegistration(string name, Type implementationType, Func<IServiceProvider, IActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(implementationType);
        ArgumentNullException.ThrowIfNull(factory);
        this.Name = name;
        this.ImplementationType = implementationType;
        this.Factory = factory;
    }

    /// <summary>Gets the registered name.</summary>
    public string Name { get; }

    /// <summary>Gets the implementing type.</summary>
    public Type ImplementationType { get; }

    /// <summary>Gets the factory that creates an instance for one invocation (given a scoped provider).</summary>
    public Func<IServiceProvider, IActivity> Factory { get; }
}
