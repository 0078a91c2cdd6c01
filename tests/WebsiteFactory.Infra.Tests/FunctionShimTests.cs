using System.Reflection;
using System.Text.RegularExpressions;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The Functions host (compiled only with -p:BuildFunctions=true, so not here) has exactly one trigger shim per
/// orchestrator and per activity in WebsiteFactory.Workflows, named as the workflow registers it after the host's
/// function-name mapping (FunctionNames in src/WebsiteFactory.Functions: every character outside [A-Za-z0-9_-]
/// becomes '_', and an activity named like an orchestrator gets the suffix "_Activity", since Durable Functions has
/// one function namespace for both).
/// </summary>
public sealed partial class FunctionShimTests
{
    [Fact]
    public void EveryOrchestratorHasAnOrchestrationTriggerShim()
    {
        var shims = Shims("OrchestrationTrigger");
        var missing = OrchestratorFunctions().Where(n => !shims.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "orchestrators without a [Function] shim in src/WebsiteFactory.Functions: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryActivityHasAnActivityTriggerShim()
    {
        var shims = Shims("ActivityTrigger");
        var missing = ActivityFunctions().Where(n => !shims.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "activities without a [Function] shim in src/WebsiteFactory.Functions: " + string.Join(", ", missing));
    }

    [Fact]
    public void WorkflowNames_MapToDistinctValidFunctionNames()
    {
        var functions = OrchestratorFunctions().Concat(ActivityFunctions()).ToList();

        // The Functions host refuses any other function name (ScriptHost's FunctionNameValidationRegex).
        Assert.All(functions, f => Assert.Matches("(?i)^[a-z][a-z0-9_-]{0,127}$", f));
        Assert.DoesNotContain(functions, f => f.Equals("host", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(functions.Count, functions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void EveryShimRunsARegisteredWorkflow()
    {
        var known = OrchestratorFunctions().Concat(ActivityFunctions()).ToHashSet(StringComparer.Ordinal);
        var stale = Shims("OrchestrationTrigger").Concat(Shims("ActivityTrigger")).Where(n => !known.Contains(n)).ToList();

        Assert.True(stale.Count == 0, "shims for workflows that do not exist: " + string.Join(", ", stale));
    }

    private static HashSet<string> OrchestratorFunctions() =>
        WorkflowNames(typeof(IOrchestrator)).Select(FunctionName).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> ActivityFunctions()
    {
        var orchestrators = OrchestratorFunctions();
        return WorkflowNames(typeof(IActivity))
            .Select(FunctionName)
            .Select(f => orchestrators.Contains(f, StringComparer.OrdinalIgnoreCase) ? f + "_Activity" : f)
            .ToHashSet(StringComparer.Ordinal);
    }

    // Registered names: [DurableTask("Name")] or the class name, as WorkflowRegistry.AddOrchestrator/AddActivity do.
    private static IEnumerable<string> WorkflowNames(Type kind) =>
        typeof(IOrchestrator).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && kind.IsAssignableFrom(t))
            .Where(t => t.Namespace?.EndsWith(".Model", StringComparison.Ordinal) != true)
            .Select(t => t.GetCustomAttribute<DurableTaskAttribute>()?.Name ?? t.Name)
            .Distinct(StringComparer.Ordinal);

    private static string FunctionName(string workflowName) => InvalidFunctionNameCharacter().Replace(workflowName, "_");

    private static HashSet<string> Shims(string trigger)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.File("src", "WebsiteFactory.Functions"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match shim in ShimPattern().Matches(File.ReadAllText(file)))
            {
                if (shim.Groups["trigger"].Value == trigger)
                {
                    names.Add(shim.Groups["name"].Value);
                }
            }
        }

        return names;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex InvalidFunctionNameCharacter();

    // [Function("Name")] followed (attributes, modifiers, return type, method name) by the first parameter's trigger attribute.
    [GeneratedRegex(@"\[Function\(""(?<name>[^""]+)""\)\][^\[]*\(\s*\[(?<trigger>OrchestrationTrigger|ActivityTrigger)\]")]
    private static partial Regex ShimPattern();
}
