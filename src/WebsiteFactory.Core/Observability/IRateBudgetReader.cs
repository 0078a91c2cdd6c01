namespace WebsiteFactory.Core.Observability;

/// <summary>Reads how much of each account's vendor rate budget is left now (and publishes it to <see cref="VendorMetrics"/>).</summary>
public interface IRateBudgetReader
{
    /// <summary>Reads every account's budget now, publishes the readings and returns them.</summary>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>One reading per account.</returns>
    Task<IReadOnlyList<RateBudgetReading>> ReadAsync(CancellationToken cancellationToken = default);
}
