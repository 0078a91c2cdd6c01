using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Directus;

/// <summary>Schema: /collections and /fields (admin tokens only).</summary>
public sealed partial class DirectusSimulator
{
    private async Task<IResult> CreateCollectionAsync(HttpContext http)
    {
        if (Authorize(http, admin: true) is { } denied)
        {
            return denied;
        }

        var body = await ReadObjectAsync(http);
        if (body?["collection"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return Error(400, "INVALID_PAYLOAD", "\"collection\" is required.");
        }

        lock (_lock)
        {
            if (_collections.ContainsKey(name))
            {
                return Error(400, "INVALID_PAYLOAD", $"Collection \"{name}\" already exists.");
            }

            var c = new Collection(name);
            if (body["fields"] is JsonArray fields)
            {
                foreach (var f in fields.OfType<JsonObject>())
                {
                    c.AddField(f);
                }
            }

            c.Fields.TryAdd("id", new JsonObject { ["field"] = "id", ["type"] = "integer", ["schema"] = new JsonObject { ["is_primary_key"] = true } });
            _collections[name] = c;
            return Data(new JsonObject { ["collection"] = name, ["meta"] = body["meta"]?.DeepClone(), ["schema"] = new JsonObject { ["name"] = name } });
        }
    }

    private IResult GetCollection(HttpContext http, string collection)
    {
        if (Authorize(http, admin: true) is { } denied)
        {
            return denied;
        }

        lock (_lock)
        {
            return _collections.ContainsKey(collection) ? Data(new JsonObject { ["collection"] = collection }) : Forbidden();
        }
    }

    private IResult GetFields(HttpContext http, string collection)
    {
        if (Authorize(http, admin: true) is { } denied)
        {
            return denied;
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(collection, out var c))
            {
                return Forbidden();
            }

            var arr = new JsonArray();
            foreach (var f in c.Fields.Values)
            {
                var copy = (JsonObject)f.DeepClone();
                copy["collection"] = collection;
                arr.Add(copy);
            }

            return Data(arr);
        }
    }

    private async Task<IResult> CreateFieldAsync(HttpContext http, string collection)
    {
        if (Authorize(http, admin: true) is { } denied)
        {
            return denied;
        }

        var body = await ReadObjectAsync(http);
        if (body?["field"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return Error(400, "INVALID_PAYLOAD", "\"field\" is required.");
        }

        lock (_lock)
        {
            if (!_collections.TryGetValue(collection, out var c))
            {
                return Forbidden();
            }

            if (c.Fields.ContainsKey(name))
            {
                return Error(400, "INVALID_PAYLOAD", $"Field \"{name}\" already exists in collection \"{collection}\".");
            }

            c.AddField(body);
            return Data(body.DeepClone());
        }
    }
}
