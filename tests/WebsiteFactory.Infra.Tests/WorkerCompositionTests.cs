using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using WebsiteFactory.Functions;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The worker's container, built as <c>Program.cs</c> builds it (<see cref="FunctionsApplicationComposition.ConfigureWebsiteFactory"/>)
/// but without the Functions host, from the settings Azure gives the app: every function class, activity and orchestrator
/// is created the way the worker creates it, so a dependency nobody registered fails here instead of on the first
/// invocation in Azure.
/// </summary>
public sealed partial class WorkerCompositionTests
{
    [Fact]
    public void Container_CreatesEveryFunctionClass()
    {
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();

        // The classes whose [Function] methods the host invokes: the worker creates an instance per invocation with
        // ActivatorUtilities.CreateInstance over the invocation's services (DefaultFunctionActivator); static methods need none.
        var classes = FunctionClasses().ToList();
        var problems = classes.Where(t => !IsStaticClass(t)).Select(t => Create(() => ActivatorUtilities.CreateInstance(scope.ServiceProvider, t), t)).OfType<string>().ToList();

        Assert.Contains(classes, t => t.Name == "NightlyAnalyticsTimer");
        Assert.Contains(classes, t => t.GetMethods().Any(m => m.GetParameters().Any(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "HttpTriggerAttribute"))));
        Assert.True(problems.Count == 0, "function classes the worker cannot create: " + string.Join("; ", problems));
    }

    [Fact]
    public void Container_CreatesEveryActivityAndOrchestrator()
    {
        using var host = BuildHost();
        using var scope = host.Services.CreateScope();
        var problems = Resolve(scope.ServiceProvider);
        var tasks = TaskTypes().ToList();

        Assert.Contains(tasks, t => typeof(ITaskActivity).IsAssignableFrom(t));
        Assert.Contains(tasks, t => typeof(ITaskOrchestrator).IsAssignableFrom(t));
        Assert.True(problems.Count == 0, "tasks the worker cannot create: " + string.Join("; ", problems));
    }

    [Fact]
    public void Container_WithoutAServiceAnActivityNeeds_Fails()
    {
        // The check above is only worth something if a missing registration shows: take the first activity constructor
        // parameter the container provides, remove it, and the same resolution must report that activity.
        var activity = TaskTypes().First(t => typeof(ITaskActivity).IsAssignableFrom(t) && t.GetConstructors().Single().GetParameters().Length > 0);
        var needed = activity.GetConstructors().Single().GetParameters()[0].ParameterType;

        using var host = BuildHost(services => services.RemoveAll(needed));
        using var scope = host.Services.CreateScope();
        var problems = Resolve(scope.ServiceProvider);

        Assert.Contains(problems, p => p.StartsWith(activity.Name + ":", StringComparison.Ordinal) && p.Contains(needed.Name, StringComparison.Ordinal));
    }

    // The activities and orchestrators as the generated triggers create them (ActivityTriggers.RunAsync:
    // GetServiceOrCreateInstance over the invocation's services; an orchestrator trigger: new TOrchestrator()), and as the
    // SDK registry's factories do (the same tasks, by their registered names).
    private static List<string> Resolve(IServiceProvider services)
    {
        var problems = new List<string>();
        foreach (var type in TaskTypes())
        {
            if (typeof(ITaskOrchestrator).IsAssignableFrom(type) && type.GetConstructor(Type.EmptyTypes) is null)
            {
                problems.Add($"{type.Name}: the orchestrator trigger calls new {type.Name}(), which needs a parameterless constructor");
            }
            else if (typeof(ITaskActivity).IsAssignableFrom(type))
            {
                problems.AddRange(new[] { Create(() => ActivatorUtilities.GetServiceOrCreateInstance(services, type), type) }.OfType<string>());
            }
        }

        var registry = new DurableTaskRegistry().AddProvisioning().AddContentWorkflows();
        problems.AddRange(registry.GetActivities().Select(a => Create(() => a.Value(services), a.Key.Name)).OfType<string>());
        problems.AddRange(registry.GetOrchestrators().Select(o => Create(() => o.Value(services), o.Key.Name)).OfType<string>());
        return problems.Distinct().ToList();
    }

    private static string? Create(Func<object> create, MemberInfo type) => Create(create, type.Name);

    private static string? Create(Func<object> create, string name)
    {
        try
        {
            return create() is null ? $"{name}: created nothing" : null;
        }
        catch (Exception e) when (e is InvalidOperationException or TargetInvocationException or ArgumentException)
        {
            return $"{name}: {e.GetBaseException().Message}";
        }
    }

    /// <summary>The worker's host as Program.cs builds it, from the settings Azure gives the app, not started.</summary>
    private static IHost BuildHost(Action<IServiceCollection>? alter = null)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(AzureConfiguration());
        builder.ConfigureWebsiteFactory();
        alter?.Invoke(builder.Services);

        // Scoped services taken from the root provider and singletons that capture scoped ones fail the build too.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true }));
        return builder.Build();
    }

    /// <summary>
    /// Configuration as Azure gives it: the keys of local.settings.sample.json (in their <c>Section:Key</c> form) and the
    /// Azure-only product settings with a stand-in value.
    /// </summary>
    private static Dictionary<string, string?> AzureConfiguration()
    {
        // The sample's <placeholders> filled in (https://<vault-name>.vault.azure.net/ is no URI).
        var values = AppSettings.SampleValues().ToDictionary(
            p => p.Key.Replace("__", ":", StringComparison.Ordinal),
            p => (string?)Placeholder().Replace(p.Value, "example"),
            StringComparer.OrdinalIgnoreCase);
        foreach (var setting in FunctionsSettings.All.Where(s => s.Scope == SettingScope.Azure && !s.Platform))
        {
            values[setting.Key] = setting.Key.EndsWith("ClientId", StringComparison.Ordinal) ? "00000000-0000-0000-0000-000000000001" : "test";
        }

        return values;
    }

    /// <summary>Every product class that declares a [Function] method (the Functions assembly and the product assemblies it references).</summary>
    private static IEnumerable<Type> FunctionClasses() => SettingReads.ProductTypes()
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));

    /// <summary>Every concrete activity and orchestrator class of the product (what the trigger generator emits a function for).</summary>
    private static IEnumerable<Type> TaskTypes() => SettingReads.ProductTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                    && (typeof(ITaskActivity).IsAssignableFrom(t) || typeof(ITaskOrchestrator).IsAssignableFrom(t)));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Placeholder();

    private static bool IsStaticClass(Type type) => type is { IsAbstract: true, IsSealed: true };
}
