using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Directus;

/// <summary>Query parameters of the items API: filter[field][_op], sort, fields.</summary>
public sealed partial class DirectusSimulator
{
    private static List<(string Field, string Op, string Value)> ParseFilters(IQueryCollection query)
    {
        var filters = new List<(string, string, string)>();
        foreach (var (key, value) in query)
        {
            if (!key.StartsWith("filter[", StringComparison.Ordinal))
            {
                continue;
            }

            // filter[field][_op]
            var parts = key["filter".Length..].Split(']', StringSplitOptions.RemoveEmptyEntries).Select(p => p.TrimStart('[')).ToArray();
            if (parts.Length != 2 || parts[1] is not ("_eq" or "_neq" or "_in" or "_null" or "_nnull"))
            {
                throw new FormatException($"Invalid query. Unsupported filter \"{key}\".");
            }

            filters.Add((parts[0], parts[1], value.ToString()));
        }

        return filters;
    }

    private static bool Matches(JsonNode? node, string op, string value)
    {
        var s = node is null || node.GetValueKind() == JsonValueKind.Null ? null : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return op switch
        {
            "_eq" => string.Equals(s, value, StringComparison.Ordinal),
            "_neq" => !string.Equals(s, value, StringComparison.Ordinal),
            "_in" => s is not null && value.Split(',').Contains(s, StringComparer.Ordinal),
            "_null" => s is null,
            "_nnull" => s is not null,
            _ => false,
        };
    }

    private static string SortKey(JsonNode? node) =>
        node is null ? string.Empty
        : node.GetValueKind() == JsonValueKind.Number ? node.GetValue<double>().ToString("000000000000.####", CultureInfo.InvariantCulture)
        : node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static JsonObject Project(JsonObject item, string fields)
    {
        if (fields.Length == 0 || fields == "*")
        {
            return (JsonObject)item.DeepClone();
        }

        var result = new JsonObject();
        foreach (var f in fields.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            result[f] = item[f]?.DeepClone();
        }

        return result;
    }
}
