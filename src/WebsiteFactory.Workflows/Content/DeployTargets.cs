using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content;

/// <summary>Maps a site and its CloudPanel server to a deploy target.</summary>
internal static class DeployTargets
{
    public static async Task<DeployTarget> ForAsync(ProvisioningLookups lookups, Site site, CancellationToken ct)
    {
        var server = await lookups.ServerAsync(site, ct).ConfigureAwait(false);
        var docRoot = site.HostingDocRoot ?? throw new PermanentStepException($"Site {site.Domain} has no hosting doc root yet; the hosting step must run first.");
        if (!RemotePath.TryParse(docRoot, out var path, out var error))
        {
            throw new PermanentStepException($"Doc root of {site.Domain} is invalid: {error}");
        }

        // Uploads go as the server's SSH user (the key the product holds); files are written 0644/0755 for nginx.
        return new DeployTarget(server.Address, server.SshPort, server.SshUser, server.SshKeySecretName.Value, server.HostKeyFingerprint, path);
    }

    /// <summary>Where a release built on the server waits: <c>user@host:{parent}/.{name}.releases</c>, for audit messages.</summary>
    public static string Describe(DeployTarget target)
    {
        var docRoot = target.DocRoot.Value;
        var slash = docRoot.LastIndexOf('/');
        return $"{target.User}@{target.Host}:{docRoot[..slash]}/.{docRoot[(slash + 1)..]}.releases";
    }
}
