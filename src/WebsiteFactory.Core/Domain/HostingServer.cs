using System.Net;
using System.Net.Sockets;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// A CloudPanel host sites are deployed to (<c>servers</c>): how to reach it over SSH, which key to use (by secret name),
/// and the pinned host-key fingerprint that must match before anything is sent.
/// </summary>
public sealed record HostingServer
{
    /// <summary>Primary key; <see cref="Guid.Empty"/> on create lets the store assign one.</summary>
    public Guid Id { get; init; }

    /// <summary>Operator-facing name (unique), e.g. <c>cp-fra-1</c>.</summary>
    public required string Name { get; init; }

    /// <summary>SSH address: an IP address or a host name.</summary>
    public required string Address { get; init; }

    /// <summary>
    /// Public IPv4 address the sites' A records point at; when null, <see cref="Address"/> must be an IPv4 literal
    /// (see <see cref="GetARecordAddress"/>).
    /// </summary>
    public IPAddress? PublicIp { get; init; }

    /// <summary>SSH port, default 22.</summary>
    public int SshPort { get; init; } = 22;

    /// <summary>
    /// SSH user that may run <c>clpctl</c> (through <c>sudo</c>); <c>root</c> only where the operator allowed it
    /// (see <see cref="Validate(bool)"/>).
    /// </summary>
    public required string SshUser { get; init; }

    /// <summary>Name of the secret holding the SSH private key (OpenSSH PEM).</summary>
    public required SecretName SshKeySecretName { get; init; }

    /// <summary>Pinned SHA-256 host-key fingerprint; connections to a host presenting another key are refused.</summary>
    public required SshHostKeyFingerprint HostKeyFingerprint { get; init; }

    /// <summary>Creation time (UTC), set by the store.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The IPv4 address for the sites' A records.</summary>
    /// <exception cref="InvalidOperationException">Neither <see cref="PublicIp"/> nor <see cref="Address"/> is an IPv4 address.</exception>
    public IPAddress GetARecordAddress()
    {
        if (PublicIp is { AddressFamily: AddressFamily.InterNetwork })
        {
            return PublicIp;
        }

        if (IpAddressText.TryParseIPv4(Address, out var ip))
        {
            return ip;
        }

        throw new InvalidOperationException($"Server '{Name}' has no public IPv4 address for A records; set its public_ip.");
    }

    /// <summary>The SSH user name refused unless the operator allows it.</summary>
    public const string RootUser = "root";

    /// <summary>Checks every field; returns the failures (empty when valid).</summary>
    /// <param name="allowRootSsh">
    /// Whether <see cref="SshUser"/> may be <c>root</c>. Default false: a key that logs in as root can do anything on the
    /// host, so the API refuses it unless <c>Servers:AllowRootSsh</c> is set; the store passes true, since the edge decided.
    /// </param>
    /// <returns>The field errors.</returns>
    public IReadOnlyList<FieldError> Validate(bool allowRootSsh = false)
    {
        var errors = new List<FieldError>();
        EntityRules.Nickname(errors, "name", Name);
        EntityRules.Host(errors, "address", Address);
        if (SshPort is < 1 or > 65535)
        {
            errors.Add(new FieldError("ssh_port", "SSH port must be between 1 and 65535."));
        }

        EntityRules.LinuxUser(errors, "ssh_user", SshUser);
        if (!allowRootSsh && SshUser == RootUser)
        {
            errors.Add(new FieldError("ssh_user", "SSH user must not be root: use a user that may run clpctl through sudo, or set Servers:AllowRootSsh=true."));
        }

        EntityRules.Required(errors, "ssh_key_secret_name", SshKeySecretName, "SSH key secret name");
        EntityRules.Required(errors, "host_key_fingerprint", HostKeyFingerprint, "Pinned host-key fingerprint");
        if (PublicIp is not null && (PublicIp.AddressFamily != AddressFamily.InterNetwork || PublicIp.Equals(IPAddress.Any)))
        {
            errors.Add(new FieldError("public_ip", "Public IP must be an IPv4 address (A record target)."));
        }

        return errors;
    }
}
