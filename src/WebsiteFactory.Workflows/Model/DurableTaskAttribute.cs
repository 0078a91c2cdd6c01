namespace WebsiteFactory.Workflows;

/// <summary>
/// Sets the registered name (and, for orchestrators, the version) of an orchestrator or activity class. Without it
/// the class name is used.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class DurableTaskAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="DurableTaskAttribute"/> class.</summary>
    /// <param name="name">The name; <see langword="null"/> or empty keeps the class name.</param>
    public DurableTaskAttribute(string? name = null)
    {
        this.Name = string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>Gets the registered name, or <see langword="null"/> for the class name.</summary>
    public string? Name { get; }

    /// <summary>Gets or sets the orchestrator version; several classes may share a name with distinct versions.</summary>
    public string? Version { get; set; }
}
