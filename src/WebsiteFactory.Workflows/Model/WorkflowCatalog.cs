namespace WebsiteFactory.Workflows;

/// <summary>
/// The frozen set of registered orchestrators and activities that an engine (or the Functions adapter) dispatches
/// to. Built once from every <see cref="WorkflowRegistry"/> added with
/// <see cref="WorkflowsServiceCollectionExtensions.AddWorkflows"/>.
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, List<OrchestratorRegistration>> orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ActivityRegistration> activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Initializes a new instance of the <see cref="WorkflowCatalog"/> class.</summary>
    /// <param name="registries">The registries to merge.</param>
    /// <exception cref="InvalidOperationException">A name (and version) is registered twice.</exception>
    public WorkflowCatalog(IEnumerable<WorkflowRegistry> registries)
    {
        ArgumentNullException.ThrowIfNull(registries);
        foreach (WorkflowRegistry registry in registries)
        {
            foreach (OrchestratorRegistration orchestrator in registry.Orchestrators)
            {
                if (!this.orchestrators.TryGetValue(orchestrator.Name, out List<OrchestratorRegistration>? versions))
                {
                    this.orchestrators[orchestrator.Name] = versions = [];
                }

                if (versions.Exists(v => string.Equals(v.Version, orchestrator.Version, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new InvalidOperationException(
                        $"Orchestrator '{orchestrator.Name}' version '{orchestrator.Version}' is registered twice ({orchestrator.ImplementationType.Name}).");
                }

                versions.Add(orchestrator);
                versions.Sort((a, b) => CompareVersions(a.Version, b.Version));
            }

            foreach (ActivityRegistration activity in registry.Activities)
            {
                if (!this.activities.TryAdd(activity.Name, activity))
                {
                    throw new InvalidOperationException($"Activity '{activity.Name}' is registered twice ({activity.ImplementationType.Name}).");
                }
            }
        }
    }

    /// <summary>Gets the registered orchestrator names.</summary>
    public IReadOnlyCollection<string> OrchestratorNames => this.orchestrators.Keys;

    /// <summary>Gets the registered activity names.</summary>
    public IReadOnlyCollection<string> ActivityNames => this.activities.Keys;

    /// <summary>Whether an orchestrator is registered under <paramref name="name"/> (any version).</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> when registered.</returns>
    public bool HasOrchestrator(string name) => this.orchestrators.ContainsKey(name);

    /// <summary>Gets the default version of an orchestrator: the highest registered one.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The version, or <see langword="null"/> when the name is not registered.</returns>
    public string? GetDefaultVersion(string name)
        => this.orchestrators.TryGetValue(name, out List<OrchestratorRegistration>? versions) ? versions[^1].Version : null;

    /// <summary>Finds the registration of an orchestrator version.</summary>
    /// <param name="name">The name.</param>
    /// <param name="version">The version; <see langword="null"/> means the default version.</param>
    /// <param name="registration">The registration, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetOrchestrator(string name, string? version, out OrchestratorRegistration registration)
    {
        registration = null!;
        if (!this.orchestrators.TryGetValue(name, out List<OrchestratorRegistration>? versions))
        {
            return false;
        }

        registration = version is null
            ? versions[^1]
            : versions.Find(v => string.Equals(v.Version, version, StringComparison.OrdinalIgnoreCase))!;
        return registration is not null;
    }

    /// <summary>Gets the registered versions of an orchestrator, lowest first.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The versions (empty when the name is unknown).</returns>
    public IReadOnlyList<string> GetVersions(string name)
        => this.orchestrators.TryGetValue(name, out List<OrchestratorRegistration>? versions) ? versions.ConvertAll(v => v.Version) : [];

    /// <summary>Finds an activity registration.</summary>
    /// <param name="name">The name.</param>
    /// <param name="registration">The registration, when found.</param>
    /// <returns><see langword="true"/> when found.</returns>
    public bool TryGetActivity(string name, out ActivityRegistration registration)
        => this.activities.TryGetValue(name, out registration!);

    /// <summary>
    /// Compares two orchestrator versions: as <see cref="System.Version"/> when both parse (so "10" &gt; "9" and
    /// "1.10" &gt; "1.9"), otherwise ordinally ignoring case. The empty version is the lowest.
    /// </summary>
    /// <param name="left">A version.</param>
    /// <param name="right">Another version.</param>
    /// <returns>Negative, zero or positive, like <see cref="IComparer{T}.Compare"/>.</returns>
    public static int CompareVersions(string? left, string? right)
    {
        if (string.IsNullOrEmpty(left) || string.IsNullOrEmpty(right))
        {
            return string.IsNullOrEmpty(left).CompareTo(string.IsNullOrEmpty(right)) * -1;
        }

        if (TryParse(left, out Version? l) && TryParse(right, out Version? r))
        {
            return l.CompareTo(r);
        }

        return string.Compare(left, right, StringComparison.OrdinalIgnoreCase);

        static bool TryParse(string text, out Version version)
        {
            if (int.TryParse(text, out int major) && major >= 0)
            {
                version = new Version(major, 0);
                return true;
            }

            return Version.TryParse(text, out version!);
        }
    }
}
