namespace WebsiteFactory.Workflows.Plan;

/// <summary>One line of a plan: what the operation would do to one resource at one vendor.</summary>
/// <param name="Site">The site's domain.</param>
/// <param name="Vendor">Who holds the resource: <c>cloudflare</c>, <c>namecheap</c>/<c>spaceship</c>, <c>cloudpanel</c>, <c>matomo</c>, <c>content</c>, <c>deploy</c>, <c>search_console</c>.</param>
/// <param name="Action">Create, update, delete or nothing.</param>
/// <param name="Resource">The resource, e.g. <c>zone example.com</c>, <c>A example.com</c>, <c>nameservers</c>.</param>
/// <param name="Before">Its value now (null when it does not exist).</param>
/// <param name="After">Its value afterwards (null when it would not exist).</param>
/// <param name="Detail">One sentence for a person: why, or what is not known yet.</param>
public sealed record PlanChange(string Site, string Vendor, PlanAction Action, string Resource, string? Before, string? After, string Detail);
