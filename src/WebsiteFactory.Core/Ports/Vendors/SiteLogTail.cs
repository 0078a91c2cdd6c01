namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>The lines read from a site's log.</summary>
/// <param name="Path">The log file on the server.</param>
/// <param name="Lines">The lines, oldest first (each at most <see cref="SiteLogQuery.MaxLineLength"/> characters).</param>
/// <param name="Found">False when the log file does not exist (a site that never served a request).</param>
public sealed record SiteLogTail(string Path, IReadOnlyList<string> Lines, bool Found);
