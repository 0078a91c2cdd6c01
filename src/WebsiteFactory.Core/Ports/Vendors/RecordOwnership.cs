namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>
/// The ownership marker the product writes into the Cloudflare <c>comment</c> of every DNS record it creates, so that a
/// record left behind (an orphan) can be told apart from one someone made by hand.
/// </summary>
/// <remarks>
/// Only a marked record may ever be deleted by the drift fix. Records written before the marker was introduced carry the
/// comment <c>website-factory</c> or <c>website-factory: …</c>; those count as marked too (the next upsert rewrites them).
/// </remarks>
public static class RecordOwnership
{
    /// <summary>The comment of a record the provisioning pipeline owns.</summary>
    public const string Marker = "managed-by: website-factory";

    /// <summary>The marker with a purpose after it (e.g. <c>managed-by: website-factory; search-console</c>).</summary>
    /// <param name="purpose">What the record is for.</param>
    /// <returns>The comment.</returns>
    public static string MarkerFor(string purpose) => $"{Marker}; {purpose}";

    /// <summary>Whether a record comment carries the product's ownership marker.</summary>
    /// <param name="comment">The record's comment (null when none).</param>
    /// <returns>True for a marked record.</returns>
    public static bool IsMarked(string? comment) =>
        comment is not null
        && (comment.StartsWith(Marker, StringComparison.Ordinal)
            || comment.Equals("website-factory", StringComparison.Ordinal)
            || comment.StartsWith("website-factory: ", StringComparison.Ordinal));
}
