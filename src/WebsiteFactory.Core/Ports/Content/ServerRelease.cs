namespace WebsiteFactory.Core.Ports.Content;

/// <summary>A release as its target server holds it.</summary>
/// <param name="ReleaseId">The release.</param>
/// <param name="State">Whether it is missing, built and waiting, a kept release, or live.</param>
/// <param name="FileCount">Files in the release (0 when <see cref="ServerReleaseState.Missing"/>).</param>
public sealed record ServerRelease(string ReleaseId, ServerReleaseState State, int FileCount);
