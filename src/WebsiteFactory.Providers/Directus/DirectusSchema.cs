using System.Text.Json.Nodes;

namespace WebsiteFactory.Providers.Directus;

/// <summary>
/// The Directus schema the product needs, created through <c>POST /collections</c> and <c>POST /fields</c>: one pages
/// collection shared by all sites (multi-tenant by <c>site_id</c>).
/// </summary>
/// <remarks>
/// Directus cannot declare a composite unique index through its API, so (site_id, slug) uniqueness comes from the
/// primary key instead: <c>id</c> is a name-based UUID of (site_id, slug) (see <see cref="DeterministicId"/>), so a second
/// create of the same page fails with <c>RECORD_NOT_UNIQUE</c> and is turned into an update.
/// </remarks>
internal static class DirectusSchema
{
    public static IReadOnlyList<JsonObject> Fields() =>
    [
        Field("site_id", "uuid", nullable: false, indexed: true, note: "Tenant key: the Website Factory site id."),
        Field("slug", "string", nullable: false, indexed: true, length: 80),
        Field("title", "string", nullable: false, length: 255),
        Field("meta_description", "string", nullable: false, length: 255),
        Field("body", "text", nullable: false, iface: "input-rich-text-md"),
        Field("faq", "json", nullable: true, iface: "list"),
        Field("sort", "integer", nullable: true),
        Field("content_hash", "string", nullable: true, length: 64, note: "SHA-256 of the generated content; equal hash = unchanged."),
        Field("generation", "string", nullable: true, length: 512, note: "The generation run that wrote the page; a retried run skips its own pages."),
    ];

    public static JsonObject Collection(string name)
    {
        var fields = new JsonArray(new JsonObject
        {
            ["field"] = "id",
            ["type"] = "uuid",
            ["meta"] = new JsonObject { ["hidden"] = true, ["readonly"] = true, ["interface"] = "input", ["special"] = new JsonArray("uuid") },
            ["schema"] = new JsonObject { ["is_primary_key"] = true, ["length"] = 36, ["has_auto_increment"] = false },
        });
        foreach (var f in Fields())
        {
            fields.Add(f);
        }

        return new JsonObject
        {
            ["collection"] = name,
            ["meta"] = new JsonObject { ["icon"] = "article", ["note"] = "Website Factory pages of all sites (filter by site_id).", ["sort_field"] = "sort" },
            ["schema"] = new JsonObject(),
            ["fields"] = fields,
        };
    }

    private static JsonObject Field(string name, string type, bool nullable, bool indexed = false, int? length = null, string? iface = null, string? note = null)
    {
        var schema = new JsonObject { ["is_nullable"] = nullable, ["is_indexed"] = indexed };
        if (length is { } l)
        {
            schema["max_length"] = l;
        }

        var meta = new JsonObject { ["required"] = !nullable };
        if (iface is not null)
        {
            meta["interface"] = iface;
        }

        if (note is not null)
        {
            meta["note"] = note;
        }

        return new JsonObject { ["field"] = name, ["type"] = type, ["meta"] = meta, ["schema"] = schema };
    }
}
