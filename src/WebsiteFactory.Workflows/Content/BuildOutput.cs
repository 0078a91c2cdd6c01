namespace WebsiteFactory.Workflows.Content;

/// <summary>What <see cref="Activities.BuildSiteActivity"/> produced.</summary>
/// <param name="ReleaseId">Release name.</param>
/// <param name="OutputDirectory">Local directory with the built files (on the worker that built them).</param>
/// <param name="FileCount">Files built.</param>
public sealed record BuildOutput(string ReleaseId, string OutputDirectory, int FileCount);
