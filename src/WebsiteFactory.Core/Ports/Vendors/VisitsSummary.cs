namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>One day of Matomo <c>VisitsSummary.get</c> for one site.</summary>
/// <param name="Date">The day (site time zone).</param>
/// <param name="Visits"><c>nb_visits</c>.</param>
/// <param name="UniqueVisitors"><c>nb_uniq_visitors</c> (null when Matomo omits it).</param>
/// <param name="Actions"><c>nb_actions</c>.</param>
/// <param name="BounceCount"><c>bounce_count</c>.</param>
/// <param name="SumVisitLengthSeconds"><c>sum_visit_length</c>.</param>
public sealed record VisitsSummary(DateOnly Date, long Visits, long? UniqueVisitors, long Actions, long BounceCount, long SumVisitLengthSeconds);
