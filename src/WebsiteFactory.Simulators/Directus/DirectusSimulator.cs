using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WebsiteFactory.Simulators.Directus;

/// <summary>
/// A Directus REST stand-in: static-token auth, <c>/collections</c> and <c>/fields</c> for schema creation, and the items
/// API (<c>GET/POST /items/{c}</c>, <c>GET/PATCH/DELETE /items/{c}/{id}</c>) with <c>filter[field][_eq|_neq|_in|_null|_nnull]</c>,
/// <c>sort</c>, <c>limit</c>, <c>offset</c> and <c>fields</c>, in Directus's envelopes.
/// </summary>
/// <remarks>
/// Like Directus: unknown collections and missing items answer 403 <c>FORBIDDEN</c>; a duplicate primary key answers
/// 400 <c>RECORD_NOT_UNIQUE</c> with <c>collection</c>/<c>field</c>/<c>invalid</c> extensions; a missing required field
/// answers 400 <c>FAILED_VALIDATION</c>; a bad token answers 401 <c>INVALID_CREDENTIALS</c>.
/// </remarks>
public sealed class DirectusSimulator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _adminTokens = new(StringComparer.Ordinal);

    /// <summary>Adds a static token; admins may change the schema.</summary>
    public void AddToken(string token, bool admin = true)
    {
        lock (_lock)
        {
            _tokens.Add(token);
            if (admin)
            {
                _adminTokens.Add(token);
            }
        }
    }

    /// <summary>Number of items in a collection (0 when it does not exist).</summary>
    public int CountItems(string collection)
    {
        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) ? c.Items.Count : 0;
        }
    }

    /// <summary>Snapshots of every item of a collection (empty when it does not exist).</summary>
    public IReadOnlyList<JsonObject> SnapshotItems(string collection)
    {
        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) ? [.. c.Items.Values.Select(i => (JsonObject)i.DeepClone())] : [];
        }
    }

    /// <summary>Whether a collection exists.</summary>
    public bool HasCollection(string collection)
    {
        lock (_lock)
        {
            return _collections.ContainsKey(collection);
        }
    }

    /// <summary>Snapshot of an item, or null.</summary>
    public JsonObject? GetItem(string collection, string id)
    {
        lock (_lock)
        {
            return _collections.TryGetValue(collection, out var c) && c.Items.TryGetValue(id, out var item) ? (JsonObject)item.DeepClone() : null;
        }
    }

    /// <summary>Maps the endpoints under <paramref name="prefix"/> (e.g. <c>/directus</c>, or empty for the root).</summary>
    public void Map(IEndpointRouteBuilder routes, string prefix = "")
    {
        var g = routes.MapGroup(prefix);
        g.MapGet("/users/me", (Delegate)CurrentUser);
        g.MapPost("/collections", (Delegate)CreateCollectionAsync);
        g.MapGet("/collections/{collection}", (Delegate)GetCollection);
        g.MapGet("/fields/{collection}", (Delegate)GetFields);
        g.MapPost("/fields/{collection}", (Delegate)CreateFieldAsync);
        g.MapGet("/items/{collection}", (Delegate)ListItems);
        g.MapPost("/items/{collection}", (Delegate)CreateItemsAsync);
        g.MapGet("/items/{collection}/{id}", (Delegate)GetItemById);
        g.MapPatch("/items/{collection}/{id}", (Delegate)PatchItemAsync);
        g.MapDelete("/items/{collection}/{id}", (Delegate)DeleteItem);
    }

    // GET /users/me: the token's user (Directus answers 401 INVALID_CREDENTIALS for an unknown static token).
    private IResult CurrentUser(HttpContext http)
    {
        if (Authorize(http, admin: false) is { } denied)
        {
            return denied;
        }

        bool isAdmin;
        lock (_lock)
        {
            isAdmin = _adminTokens.Contains(http.Request.Headers.Authorization.ToString().Replace("Bearer ", string.Empty, StringComparison.Ordinal));
        }

        return Results.Json(new JsonObject
        {
            ["data"] = new JsonObject { ["id"] = "00000000-0000-4000-8000-000000000001", ["email"] = "factory@example.com", ["role"] = isAdmin ? "administrator" : "editor" },
        });
    }

    private IResult? Authorize(HttpContext http, bool admin)
    {
        var auth = http.Request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : http.Request.Query["access_token"].ToString();
        lock (_lock)
        {
            if (!_tokens.Contains(token))
            {
                return Error(401, "INVALID_CREDENTIALS", "Invalid user credentials.");
            }

            return admin && !_adminTokens.Contains(token) ? Forbidden() : null;
        }
    }

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

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IResult Data(JsonNode? data) =>
        Results.Text(new JsonObject { ["data"] = data }.ToJsonString(), "application/json", null, 200);

    /// <summary>
    /// Directus's error for an answer no handler wrote: like Directus (an Express app) a wrong method is just another
    /// unknown route, 404 <c>ROUTE_NOT_FOUND</c>.
    /// </summary>
    internal static IResult AnswerWithoutBody(HttpContext http, int status)
    {
        var path = http.Request.Path.StartsWithSegments("/directus", out var rest) ? rest : http.Request.Path;
        return status switch
        {
            404 or 405 => Error(404, "ROUTE_NOT_FOUND", $"Route {path} doesn't exist."),
            415 => Error(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type."),
            >= 500 => Error(status, "INTERNAL_SERVER_ERROR", "An unexpected error occurred."),
            _ => Error(400, "INVALID_PAYLOAD", "Invalid payload."),
        };
    }

    private static IResult Forbidden() => Error(403, "FORBIDDEN", "You don't have permission to access this.");

    private static IResult Error(int status, string code, string message, JsonObject? extra = null)
    {
        var ext = new JsonObject { ["code"] = code };
        if (extra is not null)
        {
            foreach (var (k, v) in extra)
            {
                ext[k] = v?.DeepClone();
            }
        }

        var body = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = ext }) };
        return Results.Text(body.ToJsonString(), "application/json", null, status);
    }

    private sealed class Collection(string name)
    {
        private int _next;

        public string Name { get; } = name;

        public Dictionary<string, JsonObject> Fields { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, JsonObject> Items { get; } = new(StringComparer.Ordinal);

        public void AddField(JsonObject field) => Fields[field["field"]!.GetValue<string>()] = (JsonObject)field.DeepClone();

        public string NextId() => (++_next).ToString(CultureInfo.InvariantCulture);
    }
}
