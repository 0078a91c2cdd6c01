namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// One raw row of a bulk import (CSV or JSON), before validation. Account and server references may be given as an id
/// or as the nickname/name, which is what people write in spreadsheets.
/// </summary>
public sealed record SiteImportRow
{
    /// <summary>Row number to report errors against (1-based, as the operator sees it).</summary>
    public required int RowNumber { get; init; }

    /// <summary>The domain as typed; validated during import.</summary>
    public string? Domain { get; init; }

    /// <summary>Cloudflare account id or nickname.</summary>
    public string? CloudflareAccount { get; init; }

    /// <summary>Registrar account id or nickname.</summary>
    public string? RegistrarAccount { get; init; }

    /// <summary>Server id or name.</summary>
    public string? Server { get; init; }

    /// <summary>Search Console account id or nickname.</summary>
    public string? GscAccount { get; init; }

    /// <summary>Brand name.</summary>
    public string? Brand { get; init; }

    /// <summary>Topic.</summary>
    public string? Niche { get; init; }

    /// <summary>Content language; <c>en</c> when empty.</summary>
    public string? Language { get; init; }
}
