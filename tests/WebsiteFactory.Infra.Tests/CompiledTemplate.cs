using System.Text.Json.Nodes;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// infra/main.bicep compiled once per test run (<c>bicep build --stdout</c>), with the resources of every nested
/// module deployment flattened so tests can look them up by type.
/// </summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    private BicepResult? _build;
    private JsonObject? _root;

    /// <summary>Result of the build (exit code and diagnostics).</summary>
    internal BicepResult Build => _build ?? throw new InvalidOperationException("not built");

    /// <summary>The compiled ARM template.</summary>
    public JsonObject Root => _root ?? throw new InvalidOperationException("not built");

    /// <summary>The compiled template as text, for "this must appear nowhere" checks.</summary>
    public string Text { get; private set; } = "";

    /// <summary>Every resource of the template and of its nested module templates.</summary>
    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _build = await BicepCli.RunAsync("build", RepositoryPaths.MainBicep, "--stdout");
        if (_build.ExitCode != 0)
        {
            return;
        }

        Text = _build.StandardOutput;
        _root = JsonNode.Parse(Text)!.AsObject();
        var all = new List<JsonObject>();
        Collect(_root, all);
        Resources = all;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The resources of one type (case-insensitive), across all modules.</summary>
    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The single resource of one type.</summary>
    public JsonObject SingleOf(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>All parameter definitions, of the main template and of every module.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> AllParameters() => Templates(Root).SelectMany(t => t["parameters"]?.AsObject() ?? []);

    /// <summary>All output definitions, of the main template and of every module.</summary>
    public IEnumerable<KeyValuePair<string, JsonNode?>> AllOutputs() => Templates(Root).SelectMany(t => t["outputs"]?.AsObject() ?? []);

    private static IEnumerable<JsonObject> Templates(JsonObject template)
    {
        yield return template;
        foreach (var resource in ResourcesOf(template))
        {
            if ((resource["properties"] as JsonObject)?["template"] is JsonObject nested)
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void Collect(JsonObject template, List<JsonObject> into)
    {
        foreach (var resource in ResourcesOf(template))
        {
            into.Add(resource);
            if ((resource["properties"] as JsonObject)?["template"] is JsonObject nested)
            {
                Collect(nested, into);
            }
        }
    }

    // Resources are an array in classic templates and an object keyed by symbolic name in languageVersion 2.0.
    private static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>().Where(r => r["existing"]?.GetValue<bool>() != true),
        _ => [],
    };
}
