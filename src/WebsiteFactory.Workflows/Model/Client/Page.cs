namespace WebsiteFactory.Workflows;

/// <summary>One page of results and the token for the next one.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Values">The items.</param>
/// <param name="ContinuationToken">Pass it to get the next page; <see langword="null"/> when this is the last.</param>
public sealed record Page<T>(IReadOnlyList<T> Values, string? ContinuationToken);
