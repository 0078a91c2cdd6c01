using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Outcome of an all-or-nothing import: either every row was inserted (<see cref="Created"/>) or none was and
/// <see cref="Errors"/> lists every failing row.
/// </summary>
public sealed record SiteImportResult
{
    /// <summary>The inserted sites, in input order; empty when the import failed.</summary>
    public required IReadOnlyList<Site> Created { get; init; }

    /// <summary>Per-row errors; empty on success.</summary>
    public required IReadOnlyList<SiteImportError> Errors { get; init; }

    /// <summary>True when every row was inserted.</summary>
    public bool Succeeded => Errors.Count == 0;
}
