using System.Reflection;
using System.Text.Json;
using WebsiteFactory.Functions.Http;

namespace WebsiteFactory.Functions.Tests;

/// <summary>The HTTP functions of the built <c>functions.metadata</c> (what the Functions host loads).</summary>
internal static class FunctionsMetadata
{
    private static readonly Lazy<IReadOnlyList<HttpFunction>> Loaded = new(Load);

    /// <summary>Gets every function with an <c>httpTrigger</c> binding.</summary>
    public static IReadOnlyList<HttpFunction> Http => Loaded.Value;

    private static List<HttpFunction> Load()
    {
        var directory = typeof(FunctionsMetadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsOutputDirectory").Value!;
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "functions.metadata")));
        var functions = new List<HttpFunction>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var bindings = function.GetProperty("bindings").EnumerateArray().ToList();
            var trigger = bindings.FirstOrDefault(b => b.GetProperty("type").GetString() == "httpTrigger");
            if (trigger.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }

            var entryPoint = function.GetProperty("entryPoint").GetString()!;
            var split = entryPoint.LastIndexOf('.');
            var type = typeof(ApiFunctions).Assembly.GetType(entryPoint[..split], throwOnError: true)!;
            functions.Add(new HttpFunction(
                function.GetProperty("name").GetString()!,
                [.. trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant())],
                trigger.GetProperty("route").GetString()!,
                trigger.GetProperty("authLevel").GetString()!,
                bindings.Select(b => b.GetProperty("type").GetString()!).ToList(),
                type.GetMethod(entryPoint[(split + 1)..], BindingFlags.Public | BindingFlags.Static)
                    ?? throw new InvalidOperationException($"{entryPoint} is not a public static method of the built app.")));
        }

        return functions;
    }
}

/// <summary>One HTTP function as the host sees it.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Methods">Its methods, upper case.</param>
/// <param name="Route">Its route (without the <c>api/</c> prefix).</param>
/// <param name="AuthLevel">Its trigger's auth level.</param>
/// <param name="BindingTypes">The types of all its bindings.</param>
/// <param name="EntryPoint">The method the worker invokes.</param>
internal sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, string AuthLevel, IReadOnlyList<string> BindingTypes, MethodInfo EntryPoint)
{
    /// <summary>Gets the path template as the local server declares it.</summary>
    public string Template => "/api/" + this.Route;
}
