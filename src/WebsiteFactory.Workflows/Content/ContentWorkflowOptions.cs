namespace WebsiteFactory.Workflows.Content;

/// <summary>Host settings of the content activities (registered as a singleton by the host).</summary>
public sealed class ContentWorkflowOptions
{
    /// <summary>Where builds are kept between the build and deploy steps. Default <c>{temp}/wf-artifacts</c>.</summary>
    public string ArtifactsDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "wf-artifacts");

    /// <summary>Public base URL of Matomo for the tracking snippet when the run's settings give none (e.g. <c>https://matomo.example.net/</c>).</summary>
    public string? MatomoUrl { get; set; }
}
