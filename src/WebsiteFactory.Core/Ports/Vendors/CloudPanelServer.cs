namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A CloudPanel host reached over SSH (<c>servers</c> row). Holds secret names only.</summary>
/// <param name="Id">Our primary key; also the key of the per-server SSH concurrency limit.</param>
/// <param name="Name">Display name.</param>
/// <param name="Address">Host name or IP address used for SSH; A records point at <see cref="PublicIPv4"/>.</param>
/// <param name="Port">SSH port.</param>
/// <param name="SshUser">Remote user (root, or a user allowed to run <c>clpctl</c>).</param>
/// <param name="KeySecretName">Secret name of the OpenSSH private key.</param>
/// <param name="HostKeyFingerprintSha256">Pinned host key fingerprint: base64 SHA-256, with or without the <c>SHA256:</c> prefix.</param>
/// <param name="PublicIPv4">The address sites on this server resolve to; defaults to <see cref="Address"/> when that is an IP.</param>
public sealed record CloudPanelServer(
    Guid Id,
    string Name,
    string Address,
    int Port,
    string SshUser,
    string KeySecretName,
    string HostKeyFingerprintSha256,
    string? PublicIPv4 = null)
{
    /// <summary>The IPv4 address A records must point at.</summary>
    public string SiteAddress => PublicIPv4 ?? Address;
}
