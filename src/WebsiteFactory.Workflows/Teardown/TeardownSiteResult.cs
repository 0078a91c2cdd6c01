namespace WebsiteFactory.Workflows.Teardown;

/// <summary>Outcome of a teardown.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="Succeeded">Every step succeeded (or had nothing to remove): the site is <c>deleted</c>.</param>
/// <param name="Orphans">One line per failed step naming what was left behind; empty when <paramref name="Succeeded"/>.</param>
public sealed record TeardownSiteResult(Guid SiteId, bool Succeeded, IReadOnlyList<string> Orphans);
