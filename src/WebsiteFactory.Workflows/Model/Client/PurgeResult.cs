namespace WebsiteFactory.Workflows;

/// <summary>The outcome of a purge.</summary>
/// <param name="PurgedInstanceCount">How many instances were deleted (with their history and messages).</param>
public sealed record PurgeResult(int PurgedInstanceCount);
