using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>DNS records: list, create, overwrite (PUT), edit (PATCH), delete, with one set of validation rules.</summary>
internal static partial class CloudflareSimulator
{
    private static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal) { "A", "AAAA", "CNAME", "TXT", "MX", "NS", "CAA", "SRV" };

    private static IResult ListRecords(HttpContext http, SimZone zone)
    {
        var q = http.Request.Query;
        var (page, perPage) = Paging(q, 100, 5000);
        string? type = q["type"];
        string? name = q["name"].FirstOrDefault() ?? q["name.exact"].FirstOrDefault();
        var all = zone.Records
            .Where(r => type is null || r.Type == type)
            .Where(r => name is null || r.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var items = all.Skip((page - 1) * perPage).Take(perPage).Select(r => RecordJson(zone, r)).ToList();
        return Ok(items, Info(page, perPage, items.Count, all.Count));
    }

    private static IResult CreateRecord(CloudflareState state, SimZone zone, JsonElement body)
    {
        var (fields, error) = Read(zone, body, current: null);
        if (error is not null)
        {
            return error;
        }

        if (Conflict(zone, fields!, self: null) is { } conflict)
        {
            return conflict;
        }

        var now = state.Clock.GetUtcNow();
        var record = new SimRecord { Id = Guid.NewGuid().ToString("N"), Type = fields!.Type, Name = fields.Name, Content = fields.Content, CreatedOn = now };
        Apply(record, fields, now);
        zone.Records.Add(record);
        return Ok(RecordJson(zone, record));
    }

    /// <summary>
    /// PUT ("Overwrite DNS Record"): the body is the whole record (<c>type</c>, <c>name</c>, <c>content</c> required);
    /// what it leaves out goes back to the default (<c>ttl</c> 1 = automatic, not proxied, no comment).
    /// </summary>
    private static IResult OverwriteRecord(CloudflareState state, SimZone zone, string recordId, JsonElement body) =>
        Update(state, zone, recordId, body, partial: false);

    /// <summary>PATCH ("Update DNS Record"): only the fields in the body change; the result must still be a valid record.</summary>
    private static IResult PatchRecord(CloudflareState state, SimZone zone, string recordId, JsonElement body) =>
        Update(state, zone, recordId, body, partial: true);

    private static IResult DeleteRecord(SimZone zone, string recordId)
    {
        var r = zone.Records.FirstOrDefault(x => x.Id == recordId);
        if (r is null)
        {
            return RecordNotFound();
        }

        zone.Records.Remove(r);
        return Ok(new { id = recordId });
    }

    private static IResult Update(CloudflareState state, SimZone zone, string recordId, JsonElement body, bool partial)
    {
        var r = zone.Records.FirstOrDefault(x => x.Id == recordId);
        if (r is null)
        {
            return RecordNotFound();
        }

        var (fields, error) = Read(zone, body, partial ? r : null);
        if (error is not null)
        {
            return error;
        }

        if (Conflict(zone, fields!, self: r) is { } conflict)
        {
            return conflict;
        }

        Apply(r, fields!, state.Clock.GetUtcNow());
        return Ok(RecordJson(zone, r));
    }

    private static IResult RecordNotFound() => Fail(404, 81044, "Record does not exist.");

    /// <summary>
    /// Reads and validates a record body. With <paramref name="current"/> (PATCH) absent fields keep the record's values;
    /// without it (POST, PUT) type, name and content are required and the rest takes the defaults.
    /// </summary>
    private static (RecordFields? Fields, IResult? Error) Read(SimZone zone, JsonElement body, SimRecord? current)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, Fail(400, 1004, "DNS Validation Error"));
        }

        var type = Str(body, "type")?.ToUpperInvariant() ?? current?.Type;
        var content = Str(body, "content") ?? current?.Content;
        var name = Str(body, "name") ?? current?.Name;
        if (type is null || !RecordTypes.Contains(type) || string.IsNullOrEmpty(content) || string.IsNullOrEmpty(name))
        {
            return (null, Fail(400, 1004, "DNS Validation Error"));
        }

        name = Qualify(name, zone.Name);
        if (name is null)
        {
            return (null, Fail(400, 1004, "DNS Validation Error: record name is outside the zone."));
        }

        var ttl = current?.Ttl ?? 1;
        if (body.TryGetProperty("ttl", out var t))
        {
            if (t.ValueKind != JsonValueKind.Number || !t.TryGetInt32(out ttl))
            {
                return (null, TtlError());
            }
        }

        if (ttl != 1 && (ttl < 60 || ttl > 86400))
        {
            return (null, TtlError());
        }

        var proxied = body.TryGetProperty("proxied", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? p.GetBoolean()
            : current?.Proxied ?? false;
        var comment = body.TryGetProperty("comment", out _) ? Str(body, "comment") : current?.Comment;
        return (new RecordFields(type, name, content, ttl, proxied && type is "A" or "AAAA" or "CNAME", comment), null);
    }

    private static IResult TtlError() => Fail(400, 1004, "DNS Validation Error: TTL must be between 60 and 86400 seconds, or 1 for automatic.");

    /// <summary>The conflicts Cloudflare refuses, against every record of the zone but <paramref name="self"/>.</summary>
    private static IResult? Conflict(SimZone zone, RecordFields f, SimRecord? self)
    {
        var same = zone.Records.Where(r => r != self && r.Name.Equals(f.Name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (same.Any(r => r.Type == f.Type && r.Content.Equals(f.Content, StringComparison.OrdinalIgnoreCase)))
        {
            return Fail(400, 81058, "An identical record already exists.");
        }

        if (f.Type == "CNAME" && same.Any(r => r.Type is "A" or "AAAA" or "CNAME"))
        {
            return Fail(400, 81053, "An A, AAAA, or CNAME record with that host already exists.");
        }

        return f.Type is "A" or "AAAA" && same.Any(r => r.Type == "CNAME")
            ? Fail(400, 81054, "A CNAME record with that host already exists.")
            : null;
    }

    private static void Apply(SimRecord r, RecordFields f, DateTimeOffset now)
    {
        r.Type = f.Type;
        r.Name = f.Name;
        r.Content = f.Content;
        r.Proxied = f.Proxied;
        r.Ttl = f.Proxied ? 1 : f.Ttl;
        r.Comment = f.Comment;
        r.ModifiedOn = now;
    }

    private static string? Qualify(string name, string zone)
    {
        name = name.Trim().TrimEnd('.').ToLowerInvariant();
        if (name == "@" || name == zone)
        {
            return zone;
        }

        if (name.EndsWith("." + zone, StringComparison.Ordinal))
        {
            return name;
        }

        return name.Contains('.', StringComparison.Ordinal) ? null : $"{name}.{zone}";
    }

    private static string? Str(JsonElement e, string prop) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private sealed record RecordFields(string Type, string Name, string Content, int Ttl, bool Proxied, string? Comment);
}
