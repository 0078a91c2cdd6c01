using System.Text.Json;
using System.Text.Json.Nodes;

namespace WebsiteFactory.Infra.Tests;

/// <summary>Reads the settings files of the repository root and the function app settings the template sets.</summary>
internal static class AppSettings
{
    /// <summary>The "Values" of local.settings.sample.json.</summary>
    public static IReadOnlyDictionary<string, string> SampleValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The app setting keys (and literal values, where the template has them) the compiled template gives the function app,
    /// which Microsoft.Web/sites/config 'appsettings' unions: every object-valued variable or module parameter whose name
    /// ends in "Settings" (the function app module's hostSettings variable and its appSettings parameter, which carries
    /// main.bicep's productSettings; Bicep inlines variables that use module outputs).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> TemplateSettings(CompiledTemplate template)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Candidates(template.Root))
        {
            if (name.EndsWith("Settings", StringComparison.OrdinalIgnoreCase) && value is JsonObject settings)
            {
                foreach (var (key, setting) in settings)
                {
                    result[key] = setting is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                }
            }
        }

        return result;
    }

    /// <summary>
    /// main.bicep's keyVaultSettings (app setting -> Key Vault secret name), which the function app module turns into Key
    /// Vault references.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> KeyVaultSettings(CompiledTemplate template) =>
        Candidates(template.Root)
            .Where(c => c.Key == "keyVaultSettings" && c.Value is JsonObject)
            .SelectMany(c => c.Value!.AsObject())
            .GroupBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Candidates(JsonObject template)
    {
        if (template["variables"] is JsonObject variables)
        {
            foreach (var variable in variables)
            {
                yield return variable;
            }
        }

        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            if (resource["properties"] is not JsonObject properties)
            {
                continue;
            }

            if (properties["parameters"] is JsonObject parameters)
            {
                foreach (var (name, parameter) in parameters)
                {
                    yield return new(name, (parameter as JsonObject)?["value"]);
                }
            }

            if (properties["template"] is JsonObject nested)
            {
                foreach (var inner in Candidates(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
