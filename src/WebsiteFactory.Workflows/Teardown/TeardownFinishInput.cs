namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Input of <see cref="Activities.FinishTeardownActivity"/>.</summary>
/// <param name="Result">The teardown's outcome.</param>
/// <param name="AnalyticsKept">The Matomo site was kept (<see cref="TeardownSettings.KeepAnalytics"/>): its id stays on the site.</param>
/// <param name="RollbackOf">Set when the run is a rollback (<see cref="TeardownSiteInput.RollbackOf"/>).</param>
public sealed record TeardownFinishInput(TeardownSiteResult Result, bool AnalyticsKept, string? RollbackOf = null);
