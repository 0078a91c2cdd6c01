namespace WebsiteFactory.Workflows.Content;

/// <summary>Host settings of the content activities (registered as a singleton by the host).</summary>
public sealed class ContentWorkflowOptions
{
    /// <summary>
    /// Where builds are made and kept between the build and deploy steps (<c>{site}/{release}</c>, and the working
    /// folders of running builds beside them). Default <c>~/.local/share/website-factory/work/artifacts</c>
    /// (<c>/var/lib/website-factory/work/artifacts</c> as root), not the temp directory, whose cleaner could remove a build
    /// before its deploy.
    /// </summary>
    public string ArtifactsDirectory { get; set; } = Core.Hosting.DataPaths.Under("work", "artifacts");

    /// <summary>Public base URL of Matomo for the tracking snippet when the run's settings give none (e.g. <c>https://matomo.example.net/</c>).</summary>
    public string? MatomoUrl { get; set; }

    /// <summary>
    /// The options a host builds from its settings: <paramref name="matomoUrl"/> is the tracker's public URL
    /// (<c>Content:Workflow:MatomoUrl</c>) or, when the host has none, the Matomo API URL (<c>Providers:Matomo:Url</c>),
    /// whose <c>index.php</c> is dropped; the snippet loads <c>matomo.js</c> from that base.
    /// </summary>
    /// <param name="matomoUrl">Tracker base or Matomo API URL; null leaves sites without tracking.</param>
    /// <param name="artifactsDirectory">Where builds wait for their deploy; null for the default.</param>
    /// <returns>The options.</returns>
    public static ContentWorkflowOptions From(string? matomoUrl, string? artifactsDirectory)
    {
        var options = new ContentWorkflowOptions();
        if (!string.IsNullOrWhiteSpace(artifactsDirectory))
        {
            options.ArtifactsDirectory = artifactsDirectory;
        }

        if (!string.IsNullOrWhiteSpace(matomoUrl))
        {
            var url = matomoUrl.Trim();
            var lastSlash = url.LastIndexOf('/');
            options.MatomoUrl = url.EndsWith(".php", StringComparison.OrdinalIgnoreCase) && lastSlash > 0 ? url[..(lastSlash + 1)] : url;
        }

        return options;
    }
}
