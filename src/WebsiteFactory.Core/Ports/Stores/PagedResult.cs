namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>One page of a list plus the total number of matching rows.</summary>
/// <typeparam name="T">Item type.</typeparam>
public sealed record PagedResult<T>
{
    /// <summary>The items of this page.</summary>
    public required IReadOnlyList<T> Items { get; init; }

    /// <summary>How many rows match the filters in all.</summary>
    public required long TotalCount { get; init; }

    /// <summary>Rows skipped.</summary>
    public required int Offset { get; init; }

    /// <summary>Page size asked for.</summary>
    public required int Limit { get; init; }

    /// <summary>True when more rows follow this page.</summary>
    public bool HasMore => Offset + Items.Count < TotalCount;
}
