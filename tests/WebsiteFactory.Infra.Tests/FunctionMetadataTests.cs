using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// What the Functions host loads: the functions.metadata the worker SDK writes into the app's publish output (the host
/// indexes functions from it, see worker.config.json). Every orchestrator and activity the product registers
/// (<c>AddProvisioning().AddContentWorkflows()</c> on the SDK's registry) has exactly one trigger of the right kind under
/// its task name, because Durable Functions calls orchestrators and activities by function name.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed partial class FunctionMetadataTests(PublishedApp app)
{
    private IReadOnlyList<PublishedFunction> Functions => app.Functions;

    [Fact]
    public void Metadata_EveryRegisteredOrchestrator_HasExactlyOneOrchestrationTrigger()
    {
        var problems = Registry().GetOrchestrators().Select(o => o.Key.Name)
            .Select(name => (name, count: Functions.Count(f => f.Name == name && f.Triggers.SequenceEqual(["orchestrationTrigger"]))))
            .Where(t => t.count != 1)
            .Select(t => $"{t.name}: {t.count}")
            .ToList();

        Assert.True(problems.Count == 0, "orchestrators without exactly one orchestrationTrigger function: " + string.Join(", ", problems));
    }

    [Fact]
    public void Metadata_EveryRegisteredActivity_HasExactlyOneActivityTrigger()
    {
        var problems = Registry().GetActivities().Select(a => a.Key.Name)
            .Select(name => (name, count: Functions.Count(f => f.Name == name && f.Triggers.SequenceEqual(["activityTrigger"]))))
            .Where(t => t.count != 1)
            .Select(t => $"{t.name}: {t.count}")
            .ToList();

        Assert.True(problems.Count == 0, "activities without exactly one activityTrigger function: " + string.Join(", ", problems));
    }

    [Fact]
    public void Metadata_EveryDurableTrigger_RunsARegisteredTask()
    {
        var registry = Registry();
        var orchestrators = registry.GetOrchestrators().Select(o => o.Key.Name).ToHashSet(StringComparer.Ordinal);
        var activities = registry.GetActivities().Select(a => a.Key.Name).ToHashSet(StringComparer.Ordinal);

        var stale = Functions
            .Where(f => (f.Triggers.Contains("orchestrationTrigger") && !orchestrators.Contains(f.Name))
                        || (f.Triggers.Contains("activityTrigger") && !activities.Contains(f.Name)))
            .Select(f => f.Name)
            .ToList();

        Assert.NotEmpty(orchestrators);
        Assert.NotEmpty(activities);
        Assert.True(stale.Count == 0, "trigger functions for tasks the registry does not have: " + string.Join(", ", stale));
    }

    [Fact]
    public void Metadata_FunctionNames_AreValidForTheFunctionsHostAndDistinct()
    {
        // The host refuses any other function name (its FunctionNameValidationRegex), and orchestrators, activities and
        // the other functions share one case-insensitive namespace.
        var invalid = Functions.Select(f => f.Name).Where(n => !ValidFunctionName().IsMatch(n)).ToList();
        var duplicates = Functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(
            invalid.Count == 0 && duplicates.Count == 0,
            $"function names the Functions host rejects: [{string.Join(", ", invalid)}]; names used by more than one function: [{string.Join(", ", duplicates)}]. " +
            "A trigger's name is its task's [DurableTask] name (the name orchestrators call), so the fix is in WebsiteFactory.Workflows.");
    }

    [Theory]
    [InlineData("NightlyAnalyticsTimer", "Analytics:NightlySchedule")]
    [InlineData("NightlyReconcileTimer", "Reconcile:NightlySchedule")]
    public void Metadata_NightlyTimer_ReadsItsScheduleFromTheSetting(string name, string setting)
    {
        var timers = Functions.Where(f => f.Triggers.Contains("timerTrigger")).ToList();
        Assert.Equal(["CertificateExpiryTimer", "NightlyAnalyticsTimer", "NightlyReconcileTimer"], timers.Select(t => t.Name).Order(StringComparer.Ordinal));
        var timer = timers.Single(t => t.Name == name);
        var schedule = timer.Bindings.Single(b => b.GetProperty("type").GetString() == "timerTrigger").GetProperty("schedule").GetString();

        Assert.Equal($"%{setting}%", schedule);
        // The certificate check has a fixed schedule: a placeholder that did not resolve would stop the whole host.
        Assert.Equal("0 15 3 * * *", timers.Single(t => t.Name == "CertificateExpiryTimer").Bindings.Single(b => b.GetProperty("type").GetString() == "timerTrigger").GetProperty("schedule").GetString());
        Assert.Contains(timer.Bindings, b => b.GetProperty("type").GetString() == "durableClient");

        // The host resolves %Section:Key% from the app setting Section__Key (six-field NCrontab).
        var sample = AppSettings.SampleValues()[setting.Replace(":", "__", StringComparison.Ordinal)];
        Assert.Equal(6, sample.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Metadata_HttpRoutes_AreRelativeAndUniquePerMethod()
    {
        // host.json's routePrefix ("api") is prepended by the host; a route that repeats it or starts with '/' is a
        // different URL than the dashboard and the CLI call. Two functions on one method and route: the host serves one.
        var http = Functions.Where(f => f.Triggers.Contains("httpTrigger")).ToList();
        Assert.NotEmpty(http);

        var routes = http.Select(f => (f.Name, Trigger: f.BindingsOf("httpTrigger").Single())).ToList();
        var bad = routes
            .Where(r => r.Trigger.TryGetProperty("route", out var route) is false
                        || route.GetString() is not { Length: > 0 } value
                        || value.StartsWith('/')
                        || value.StartsWith("api/", StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Name)
            .ToList();
        var clashes = routes
            .SelectMany(r => Methods(r.Trigger).Select(m => (r.Name, Key: m + " " + Normalize(r.Trigger.GetProperty("route").GetString()!))))
            .GroupBy(r => r.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(r => r.Name))}")
            .ToList();

        Assert.True(bad.Count == 0, "HTTP functions without a relative route: " + string.Join(", ", bad));
        Assert.True(clashes.Count == 0, "HTTP functions sharing a method and route: " + string.Join("; ", clashes));
    }

    [Fact]
    public void Metadata_HttpFunctions_ServeTheApiRoutesWithADurableClient()
    {
        // One function per /api route of the shared table (tests/WebsiteFactory.Functions.Tests proves the set equals the
        // local server's); here: the starters the Azure deployment relies on are among them, anonymous at the trigger.
        var http = Functions.Where(f => f.Triggers.Contains("httpTrigger")).ToList();
        var routes = http
            .Select(f => f.Bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger"))
            .Select(b => $"{b.GetProperty("methods")[0].GetString()} {b.GetProperty("route").GetString()}")
            .ToList();

        Assert.Subset(
            routes.ToHashSet(),
            new HashSet<string> { "post sites/{site}/provision", "post provision", "post sites/{site}/retry", "post sites/{site}/rollback", "post analytics/run", "get sites" });
        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(http, f =>
        {
            Assert.StartsWith("Api", f.Name, StringComparison.Ordinal);
            Assert.Contains(f.Bindings, b => b.GetProperty("type").GetString() == "durableClient");
            Assert.Equal("Anonymous", f.Bindings.Single(b => b.GetProperty("type").GetString() == "httpTrigger").GetProperty("authLevel").GetString());
        });
    }

    [Fact]
    public void WorkerConfig_HostIndexesFromFunctionsMetadata()
    {
        // The durable triggers are source-generated, which the worker SDK's own (worker-indexing) generator cannot see:
        // with worker indexing on, the host would load none of them.
        using var config = app.Json("worker.config.json");
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("false", description.GetProperty("workerIndexing").GetString());
        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        var worker = description.GetProperty("defaultWorkerPath").GetString()!;
        Assert.True(File.Exists(app.PathOf(worker)), $"worker.config.json starts {worker}, which is not in the publish output");
        Assert.All(Functions, f => Assert.Equal(worker, f.ScriptFile));
    }

    private static IEnumerable<string> Methods(JsonElement trigger) =>
        trigger.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array && methods.GetArrayLength() > 0
            ? methods.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())
            : ["*"];

    // {site} and {id:int} are the same route shape for the host's router.
    private static string Normalize(string route) => RouteParameter().Replace(route.Trim('/'), "{}");

    private static DurableTaskRegistry Registry() => new DurableTaskRegistry().AddProvisioning().AddContentWorkflows();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,127}$(?<!^host$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidFunctionName();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
