using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Directus;

/// <summary>Items API: /items/{collection}[/{id}].</summary>
public sealed partial class DirectusSimulator
{
    private IResult ListItems(HttpContext http, string collection)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        List<(string Field, string Op, string Value)> filters;
        try
        {
            filters = ParseFilters(http.Request.Query);
        }
        catch (FormatException ex)
        {
            return Error(400, "INVALID_QUERY", ex.Message);
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(collection, out var c))
            {
                return Forbidden();
            }

            IEnumerable<JsonObject> items = c.Items.Values;
            foreach (var (field, op, value) in filters)
            {
                if (!c.Fields.ContainsKey(field))
                {
                    return Error(403, "FORBIDDEN", $"You don't have permission to access field \"{field}\" in collection \"{collection}\" or it does not exist.");
                }

                items = items.Where(i => Matches(i[field], op, value));
            }

            var sort = http.Request.Query["sort"].ToString();
            if (sort.Length > 0)
            {
                IOrderedEnumerable<JsonObject>? ordered = null;
                foreach (var key in sort.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var desc = key.StartsWith('-');
                    var f = desc ? key[1..] : key;
                    Func<JsonObject, string> selector = i => SortKey(i[f]);
                    ordered = ordered is null
                        ? (desc ? items.OrderByDescending(selector, StringComparer.Ordinal) : items.OrderBy(selector, StringComparer.Ordinal))
                        : (desc ? ordered.ThenByDescending(selector, StringComparer.Ordinal) : ordered.ThenBy(selector, StringComparer.Ordinal));
                }

                items = ordered!;
            }

            var offset = int.TryParse(http.Request.Query["offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            var limit = int.TryParse(http.Request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
            items = items.Skip(offset);
            if (limit >= 0)
            {
                items = items.Take(limit);
            }

            var fields = http.Request.Query["fields"].ToString();
            var arr = new JsonArray();
            foreach (var i in items)
            {
                arr.Add(Project(i, fields));
            }

            return Data(arr);
        }
    }

    private async Task<IResult> CreateItemsAsync(HttpContext http, string collection)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Error(400, "INVALID_PAYLOAD", "Invalid JSON body.");
        }

        var input = body switch
        {
            JsonObject one => [one],
            JsonArray many => many.OfType<JsonObject>().ToList(),
            _ => null,
        };
        if (input is null)
        {
            return Error(400, "INVALID_PAYLOAD", "Body must be an object or an array of objects.");
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(collection, out var c))
            {
                return Forbidden();
            }

            // Validate everything first: Directus creates a batch in one transaction.
            var pending = new List<(string Id, JsonObject Item)>();
            foreach (var raw in input)
            {
                var item = (JsonObject)raw.DeepClone();
                foreach (var (name, field) in c.Fields)
                {
                    if (name != "id" && field["schema"]?["is_nullable"]?.GetValue<bool>() == false && (item[name] is null || item[name]!.GetValueKind() == JsonValueKind.Null))
                    {
                        return Error(400, "FAILED_VALIDATION", $"Validation failed for field \"{name}\". Value is required.", new JsonObject { ["field"] = name, ["type"] = "required" });
                    }
                }

                var id = item["id"]?.ToString() ?? c.NextId();
                if (c.Items.ContainsKey(id) || pending.Any(p => p.Id == id))
                {
                    return Error(400, "RECORD_NOT_UNIQUE", $"Value \"{id}\" for field \"id\" in collection \"{collection}\" has to be unique.",
                        new JsonObject { ["collection"] = collection, ["field"] = "id", ["invalid"] = id });
                }

                item["id"] = id;
                pending.Add((id, item));
            }

            foreach (var (id, item) in pending)
            {
                c.Items[id] = item;
            }

            return body is JsonArray ? Data(new JsonArray(pending.Select(p => (JsonNode)p.Item.DeepClone()).ToArray())) : Data(pending[0].Item.DeepClone());
        }
    }

    private IResult GetItemById(HttpContext http, string collection, string id)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) && c.Items.TryGetValue(id, out var item)
                ? Data(Project(item, http.Request.Query["fields"].ToString()))
                : Forbidden();
        }
    }

    private async Task<IResult> PatchItemAsync(HttpContext http, string collection, string id)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        var patch = await ReadObjectAsync(http);
        if (patch is null)
        {
            return Error(400, "INVALID_PAYLOAD", "Body must be an object.");
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(collection, out var c) || !c.Items.TryGetValue(id, out var item))
            {
                return Forbidden();
            }

            foreach (var (k, v) in patch)
            {
                if (k != "id")
                {
                    item[k] = v?.DeepClone();
                }
            }

            return Data(item.DeepClone());
        }
    }

    private IResult DeleteItem(HttpContext http, string collection, string id)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) && c.Items.Remove(id) ? Results.NoContent() : Forbidden();
        }
    }
}
