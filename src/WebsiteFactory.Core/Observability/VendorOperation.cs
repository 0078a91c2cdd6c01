namespace WebsiteFactory.Core.Observability;

/// <summary>What a vendor call does to the vendor's state.</summary>
public enum VendorOperationKind
{
    /// <summary>Reads only (lookups, listings, checks).</summary>
    Read,

    /// <summary>Creates something (a zone, a record, a site, a certificate).</summary>
    Create,

    /// <summary>Changes something that exists (a record's content, the nameservers).</summary>
    Update,

    /// <summary>Deletes something.</summary>
    Delete,
}

/// <summary>
/// One kind of vendor call, named with bounded cardinality for metrics: a REST path with its identifiers left out
/// (<c>zones.dns_records</c>), an RPC method (<c>SitesManager.addSite</c>) or a command (<c>site:add:static</c>).
/// </summary>
/// <param name="Name">The operation's name.</param>
/// <param name="Kind">Read, create, update or delete.</param>
public readonly record struct VendorOperation(string Name, VendorOperationKind Kind)
{
    /// <summary>The kind's lower-case name as exported (<c>read</c>, <c>create</c>, <c>update</c>, <c>delete</c>).</summary>
    public string KindName => Kind switch
    {
        VendorOperationKind.Create => "create",
        VendorOperationKind.Update => "update",
        VendorOperationKind.Delete => "delete",
        _ => "read",
    };

    /// <summary>
    /// A REST call: the kind follows the HTTP method (POST creates, PUT/PATCH update, DELETE deletes, the rest reads), the
    /// name is the path's resource segments without identifiers, query or API version prefix
    /// (<c>zones/0123…/dns_records/4567…</c> → <c>zones.dns_records</c>).
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The request path, relative or absolute, with or without query.</param>
    /// <returns>The operation.</returns>
    public static VendorOperation FromRest(HttpMethod method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        var kind = method.Method switch
        {
            "POST" => VendorOperationKind.Create,
            "PUT" or "PATCH" => VendorOperationKind.Update,
            "DELETE" => VendorOperationKind.Delete,
            _ => VendorOperationKind.Read,
        };
        return new VendorOperation(ResourceName(path), kind);
    }

    /// <summary>
    /// An RPC-style call (<c>SitesManager.addSite</c>, <c>namecheap.domains.dns.setCustom</c>): the kind follows the verb
    /// that starts the method's last segment (add/create → create, set/update/edit → update, delete/remove → delete).
    /// </summary>
    /// <param name="method">The RPC method name.</param>
    /// <returns>The operation.</returns>
    public static VendorOperation FromRpc(string method)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        var verb = method[(method.LastIndexOf('.') + 1)..];
        return new VendorOperation(method, KindOfVerb(verb));
    }

    /// <summary>Named for what it does, e.g. <c>new VendorOperation("site", VendorOperationKind.Create)</c> for an SSH command.</summary>
    /// <param name="name">The operation's name.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The operation.</returns>
    public static VendorOperation Of(string name, VendorOperationKind kind) => new(name, kind);

    private static VendorOperationKind KindOfVerb(string verb)
    {
        static bool Starts(string s, string prefix) => s.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        if (Starts(verb, "add") || Starts(verb, "create") || Starts(verb, "insert") || Starts(verb, "register"))
        {
            return VendorOperationKind.Create;
        }

        if (Starts(verb, "delete") || Starts(verb, "remove"))
        {
            return VendorOperationKind.Delete;
        }

        return Starts(verb, "set") || Starts(verb, "update") || Starts(verb, "edit") || Starts(verb, "change") || Starts(verb, "rename")
            ? VendorOperationKind.Update
            : VendorOperationKind.Read;
    }

    private static string ResourceName(string path)
    {
        var p = path ?? string.Empty;
        if (Uri.TryCreate(p, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            p = absolute.AbsolutePath;
        }

        var cut = p.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            p = p[..cut];
        }

        var names = p.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(IsResourceSegment).ToArray();
        return names.Length == 0 ? "/" : string.Join('.', names);
    }

    /// <summary>A segment names a resource (<c>zones</c>, <c>dns_records</c>) rather than identifying one (an id, a domain, a version).</summary>
    private static bool IsResourceSegment(string segment)
    {
        if (segment.Length is 0 or > 40 || segment is "client" || (segment[0] is 'v' && segment.Length <= 3 && segment[1..].All(char.IsAsciiDigit)))
        {
            return false;
        }

        var letters = false;
        foreach (var c in segment)
        {
            if (!(char.IsAsciiLetter(c) || c is '_' or '-' or ':'))
            {
                return false; // digits (ids), dots (domains), '%' (escaped URLs) and the like identify
            }

            letters = true;
        }

        return letters;
    }
}
