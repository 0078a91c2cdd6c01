using WebsiteFactory.Workflows.Content;

namespace WebsiteFactory.Workflows.Tests;

public sealed class ContentWorkflowOptionsTests
{
    [Theory]
    [InlineData("https://matomo.example.net/index.php", "https://matomo.example.net/")]
    [InlineData("http://127.0.0.1:5000/matomo/index.php", "http://127.0.0.1:5000/matomo/")]
    [InlineData("https://stats.example.org/", "https://stats.example.org/")]
    [InlineData(" https://stats.example.org/piwik/ ", "https://stats.example.org/piwik/")]
    public void From_MatomoApiOrTrackerUrl_TrackerBase(string configured, string expected) =>
        Assert.Equal(expected, ContentWorkflowOptions.From(configured, null).MatomoUrl);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void From_NoMatomoUrl_SitesWithoutTracking(string? configured) =>
        Assert.Null(ContentWorkflowOptions.From(configured, null).MatomoUrl);

    [Fact]
    public void From_ArtifactsDirectory_OverridesDataDirectoryDefault()
    {
        Assert.Equal("/srv/wf-builds", ContentWorkflowOptions.From(null, "/srv/wf-builds").ArtifactsDirectory);
        Assert.Equal(new ContentWorkflowOptions().ArtifactsDirectory, ContentWorkflowOptions.From(null, " ").ArtifactsDirectory);
    }

    [Fact]
    public void ArtifactsDirectory_Default_IsUnderTheDataDirectoryNotTemp()
    {
        var artifacts = new ContentWorkflowOptions().ArtifactsDirectory;

        Assert.StartsWith(WebsiteFactory.Core.Hosting.DataPaths.Root, artifacts, StringComparison.Ordinal);
        Assert.False(artifacts.StartsWith(Path.GetTempPath(), StringComparison.Ordinal), artifacts);
    }
}
