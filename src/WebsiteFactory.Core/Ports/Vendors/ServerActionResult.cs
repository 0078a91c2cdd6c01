namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>How an allow-listed server action went.</summary>
/// <param name="Succeeded">True when the server did it.</param>
/// <param name="Message">What the server said (one line, at most 400 characters).</param>
public sealed record ServerActionResult(bool Succeeded, string Message);
