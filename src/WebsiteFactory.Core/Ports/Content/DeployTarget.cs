using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Where and how a site is uploaded. Holds the key's secret <em>name</em>, never the key.</summary>
/// <param name="Host">SSH host name or IP address.</param>
/// <param name="Port">SSH port.</param>
/// <param name="User">Remote user that owns the doc root's parent directory.</param>
/// <param name="KeySecretName">Secret name of the OpenSSH private key.</param>
/// <param name="HostKey">Pinned host-key fingerprint; a server presenting another key is refused.</param>
/// <param name="DocRoot">
/// The site's <c>hosting_doc_root</c>. After the first deploy it is a symlink to the live release; releases live in
/// the sibling directory <c>.{name}.releases</c>.
/// </param>
public sealed record DeployTarget(string Host, int Port, string User, string KeySecretName, SshHostKeyFingerprint HostKey, RemotePath DocRoot);
