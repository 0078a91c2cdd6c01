using System.Globalization;
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
public sealed partial class DirectusSimulator
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
