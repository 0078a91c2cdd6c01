namespace WebsiteFactory.Workflows.Content;

/// <summary>Host settings of the content activities (registered as a singleton by the host).</summary>
public sealed class ContentWorkflowOptions
{
    /// <summary>Where builds are kept between the build and deploy steps. Default <c>{temp}/wf-artifacts</c>.</summary>
    public string ArtifactsDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "wf-artifacts");
}
