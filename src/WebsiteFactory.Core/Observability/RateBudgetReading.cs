namespace WebsiteFactory.Core.Observability;

/// <summary>One account's rate budget at a moment.</summary>
/// <param name="Vendor">The vendor (<c>cloudflare</c>).</param>
/// <param name="Account">The account's nickname.</param>
/// <param name="Limit">Requests allowed per window (our share, below the vendor's limit).</param>
/// <param name="Used">Requests taken in the window ending now.</param>
/// <param name="Window">The window.</param>
/// <param name="ReadAt">When it was read.</param>
public sealed record RateBudgetReading(string Vendor, string Account, int Limit, int Used, TimeSpan Window, DateTimeOffset ReadAt)
{
    /// <summary>Requests left in the window (never negative).</summary>
    public int Remaining => Math.Max(0, Limit - Used);
}

/// <summary>How many orphans of one kind the last reconcile found at a vendor.</summary>
/// <param name="Vendor">The vendor.</param>
/// <param name="Resource">What kind of resource (<c>zone</c>, <c>dns_record</c>, <c>site</c>…).</param>
/// <param name="Count">How many.</param>
public sealed record OrphanCount(string Vendor, string Resource, int Count);
