namespace WebsiteFactory.Providers.Build;

/// <summary>Where sites are built and how releases reach their server (setting <c>Content:Build:Mode</c>).</summary>
public enum SiteBuildMode
{
    /// <summary>
    /// <c>astro build</c> on this machine (<c>node</c>, shared <c>node_modules</c> cache), uploaded with <c>rsync</c> over
    /// the system's <c>ssh</c>. The default of the local server: fastest where the build and deploy steps share a machine.
    /// </summary>
    Local,

    /// <summary>
    /// The build runs on the site's own server over SSH.NET (template uploaded once per version by SFTP, <c>site.json</c> per
    /// build), the release waits there, and the deploy step only switches to it. Needs no <c>node</c>, <c>rsync</c> or
    /// <c>ssh</c> binary on this machine. The default of the Azure Functions app.
    /// </summary>
    Remote,
}
