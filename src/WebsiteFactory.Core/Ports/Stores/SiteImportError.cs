namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Why one row of a bulk import was refused.</summary>
/// <param name="RowNumber">The row (as given in <see cref="SiteImportRow.RowNumber"/>).</param>
/// <param name="Field">The failing field (snake_case).</param>
/// <param name="Message">What is wrong.</param>
public sealed record SiteImportError(int RowNumber, string Field, string Message);
