namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Renders a site to static files (the Astro template in <c>templates/site</c>).</summary>
public interface ISiteBuilder
{
    /// <summary>
    /// Builds <paramref name="request"/> in an isolated working directory and moves the output to
    /// <paramref name="outputDirectory"/> (which must not exist yet). Nothing is written there when the build fails.
    /// </summary>
    /// <exception cref="Errors.ProviderException">The build failed (message holds the tail of the build log).</exception>
    Task<SiteBuildResult> BuildAsync(SiteBuildRequest request, string outputDirectory, CancellationToken cancellationToken = default);
}
