namespace WebsiteFactory.Core.Ports.Content;

/// <summary>One page the site should have: a topic and the slug it will live under.</summary>
/// <param name="Slug">URL path segment: lower-case letters, digits and single hyphens, 1–80 characters (see <see cref="ContentSlug"/>).</param>
/// <param name="Topic">What the page is about, in the operator's words; the model writes title and body from it.</param>
public sealed record PageRequest(string Slug, string Topic);
