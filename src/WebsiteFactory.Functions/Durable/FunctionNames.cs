using System.Text.RegularExpressions;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Durable;

/// <summary>
/// Maps workflow names to Azure Functions function names. Durable Functions calls an activity or orchestrator by its
/// function name, and the Functions host accepts only <c>^[a-z][a-z0-9_-]{0,127}$</c> (case-insensitive, not
/// <c>host</c>), while the product names workflows freely (e.g. <c>Provisioning.EnsureZone</c>).
/// </summary>
/// <remarks>
/// Every other character becomes <c>_</c>: <c>Provisioning.EnsureZone</c> runs as the function
/// <c>Provisioning_EnsureZone</c>. Orchestrators and activities also share one function namespace in Durable
/// Functions but not in the product's registry, so an activity named like an orchestrator gets the suffix
/// <c>_Activity</c>. The mapping is applied where names cross into the SDK (calls, starts) and undone where they come
/// back (instance metadata), so product code only ever sees its own names.
/// </remarks>
public static partial class FunctionNames
{
    /// <summary>The function name an orchestrator runs under.</summary>
    /// <param name="workflowName">The registered orchestrator name.</param>
    /// <returns>The Azure Functions function name.</returns>
    public static string For(string workflowName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workflowName);
        return InvalidCharacter().Replace(workflowName, "_");
    }

    /// <summary>The function name an activity runs under.</summary>
    /// <param name="activityName">The registered activity name.</param>
    /// <param name="catalog">The registered workflows, to keep activity names apart from orchestrator names.</param>
    /// <returns>The Azure Functions function name.</returns>
    public static string ForActivity(string activityName, WorkflowCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var name = For(activityName);
        return catalog.OrchestratorNames.Any(o => string.Equals(For(o), name, StringComparison.OrdinalIgnoreCase)) ? name + "_Activity" : name;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex InvalidCharacter();
}
