namespace WebsiteFactory.Functions.Http;

/// <summary>The body of <c>POST /api/provision</c>.</summary>
/// <param name="Domains">The domains (or site ids) to provision.</param>
public sealed record BatchRequest(IReadOnlyList<string>? Domains);
