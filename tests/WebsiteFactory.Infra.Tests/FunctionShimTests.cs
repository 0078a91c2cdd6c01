using System.Reflection;
using System.Text.RegularExpressions;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The Functions host (compiled only with -p:BuildFunctions=true, so not here) has exactly one trigger shim per
/// orchestrator and per activity in WebsiteFactory.Workflows, named as the workflow registers it after the host's
/// function-name mapping (FunctionNames.For in src/WebsiteFactory.Functions: every character outside
/// [A-Za-z0-9_-] becomes '_').
/// </summary>
public sealed partial class FunctionShimTests
{
    [Fact]
    public void EveryOrchestratorHasAnOrchestrationTriggerShim()
    {
        var shims = Shims("OrchestrationTrigger");
        var missing = WorkflowNames(typeof(IOrchestrator)).Where(n => !shims.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "orchestrators without a [Function] shim in src/WebsiteFactory.Functions: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryActivityHasAnActivityTriggerShim()
    {
        var shims = Shims("ActivityTrigger");
        var missing = WorkflowNames(typeof(IActivity)).Where(n => !shims.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "activities without a [Function] shim in src/WebsiteFactory.Functions: " + string.Join(", ", missing));
    }

    [Fact]
    public void WorkflowNames_MapToDistinctValidFunctionNames()
    {
        var names = WorkflowNames(typeof(IOrchestrator)).Concat(WorkflowNames(typeof(IActivity))).ToList();
        var functions = names.Select(FunctionName).ToList();

        // The Functions host refuses any other function name (ScriptHost's FunctionNameValidationRegex).
        Assert.All(functions, f => Assert.Matches("(?i)^[a-z][a-z0-9_-]{0,127}$", f));
        Assert.DoesNotContain(functions, f => f.Equals("host", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(functions.Count, functions.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void EveryShimRunsARegisteredWorkflow()
    {
        var known = WorkflowNames(typeof(IOrchestrator)).Concat(WorkflowNames(typeof(IActivity))).ToHashSet(StringComparer.Ordinal);
        var stale = Shims("OrchestrationTrigger").Concat(Shims("ActivityTrigger")).Where(n => !known.Contains(n)).ToList();

        Assert.True(stale.Count == 0, "shims for workflows that do not exist: " + string.Join(", ", stale));
    }

    // Function names of the registered workflows: [DurableTask("Name")] or the class name, as
    // WorkflowRegistry.AddOrchestrator/AddActivity register them, mapped like FunctionNames.For.
    private static HashSet<string> WorkflowNames(Type kind) =>
        typeof(IOrchestrator).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && kind.IsAssignableFrom(t))
            .Where(t => t.Namespace?.EndsWith(".Model", StringComparison.Ordinal) != true)
            .Select(t => FunctionName(t.GetCustomAttribute<DurableTaskAttribute>()?.Name ?? t.Name))
            .ToHashSet(StringComparer.Ordinal);

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
