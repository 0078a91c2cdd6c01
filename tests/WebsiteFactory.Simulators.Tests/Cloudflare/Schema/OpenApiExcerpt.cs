using System.Globalization;
using System.Text.Json;

namespace WebsiteFactory.Simulators.Tests.Cloudflare.Schema;

/// <summary>
/// A trimmed OpenAPI 3.0 document and a small validator for the parts of JSON Schema it uses (<c>$ref</c>, <c>allOf</c>,
/// <c>type</c>, <c>nullable</c>, <c>enum</c>, <c>required</c>, <c>properties</c>, <c>items</c>, <c>minItems</c>,
/// <c>minimum</c>). No JSON Schema library is among the solution's packages, and these keywords are all the excerpt needs.
/// </summary>
internal sealed class OpenApiExcerpt
{
    private readonly JsonElement _root;

    private OpenApiExcerpt(JsonElement root) => _root = root;

    public static OpenApiExcerpt Load(string fileName) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cloudflare", "Schema", fileName))).RootElement.Clone());

    /// <summary>Every operation as (upper-case method, path template).</summary>
    public IReadOnlySet<(string Method, string Path)> Operations =>
        _root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)))
            .ToHashSet();

    /// <summary>Problems of <paramref name="body"/> against the response the operation declares for <paramref name="status"/> (none when it conforms).</summary>
    public IReadOnlyList<string> Validate(string method, string path, int status, JsonElement body)
    {
        var responses = _root.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant()).GetProperty("responses");
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(key, out var response) && !responses.TryGetProperty($"{status / 100}XX", out response))
        {
            return [$"{method} {path} declares no response for HTTP {status}"];
        }

        var schema = Resolve(Resolve(response).GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        return ValidateSchema(schema, body);
    }

    /// <summary>Problems of <paramref name="value"/> against the named component schema.</summary>
    public IReadOnlyList<string> ValidateComponent(string name, JsonElement value) =>
        ValidateSchema(_root.GetProperty("components").GetProperty("schemas").GetProperty(name), value);

    private List<string> ValidateSchema(JsonElement schema, JsonElement value)
    {
        var problems = new List<string>();
        Check(schema, value, "$", problems);
        return problems;
    }

    private JsonElement Resolve(JsonElement node)
    {
        while (node.TryGetProperty("$ref", out var r))
        {
            node = r.GetString()!.TrimStart('#', '/').Split('/').Aggregate(_root, (n, segment) => n.GetProperty(segment));
        }

        return node;
    }

    private void Check(JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        schema = Resolve(schema);
        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                Check(part, value, at, problems);
            }
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (schema.TryGetProperty("type", out _) && !(schema.TryGetProperty("nullable", out var n) && n.GetBoolean()))
            {
                problems.Add($"{at}: null where the schema does not allow it");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type) && !HasType(value, type.GetString()!))
        {
            problems.Add($"{at}: {value.ValueKind} where the schema wants {type.GetString()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => a.GetRawText() == value.GetRawText()))
        {
            problems.Add($"{at}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        if (schema.TryGetProperty("minimum", out var min) && value.ValueKind == JsonValueKind.Number && value.GetDouble() < min.GetDouble())
        {
            problems.Add($"{at}: {value.GetRawText()} is below the minimum {min.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, at, problems);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
            {
                problems.Add($"{at}: {value.GetArrayLength()} items, the schema wants at least {minItems.GetInt32()}");
            }

            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(items, item, $"{at}[{i++}]", problems);
                }
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string at, List<string> problems)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(name => !value.TryGetProperty(name, out _)))
            {
                problems.Add($"{at}: required property '{name}' is missing");
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (value.TryGetProperty(property.Name, out var child))
                {
                    Check(property.Value, child, $"{at}.{property.Name}", problems);
                }
            }
        }
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => true,
    };
}
