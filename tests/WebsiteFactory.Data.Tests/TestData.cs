using System.Globalization;
using System.Net;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using RegistrarAccount = WebsiteFactory.Core.Domain.RegistrarAccount;

namespace WebsiteFactory.Data.Tests;

/// <summary>Valid records with unique names, to modify with <c>with</c>.</summary>
internal static class TestData
{
    public const string Fingerprint = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";

    private static int _counter;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    public static DomainName Domain(string prefix = "site") => DomainName.Parse(Unique(prefix) + ".com", CultureInfo.InvariantCulture);

    public static SecretName Secret(string prefix = "s") => SecretName.Parse(Unique(prefix), CultureInfo.InvariantCulture);

    public static CloudflareAccount Cloudflare()
    {
        var nick = Unique("cf");
        return new CloudflareAccount
        {
            Email = nick + "@example.com",
            AccountNickname = nick,
            CloudflareAccountId = Guid.NewGuid().ToString("N"),
            ApiTokenSecretName = Secret("cf-token-"),
        };
    }

    public static RegistrarAccount Namecheap() => new()
    {
        Provider = RegistrarProvider.Namecheap,
        AccountNickname = Unique("nc"),
        ApiUser = "apiuser",
        ApiKeySecretName = Secret("nc-key-"),
        ClientIp = IPAddress.Parse("203.0.113.7"),
    };

    public static GscAccount Gsc()
    {
        var nick = Unique("gsc");
        return new GscAccount { Email = nick + "@example.com", AccountNickname = nick, CredentialsSecretName = Secret("gsc-") };
    }

    public static HostingServer Server() => new()
    {
        Name = Unique("cp"),
        Address = "203.0.113.10",
        SshUser = "root",
        SshKeySecretName = Secret("ssh-key-"),
        HostKeyFingerprint = SshHostKeyFingerprint.Parse(Fingerprint, CultureInfo.InvariantCulture),
    };

    public static NewSite Site(Guid? cloudflareAccountId = null) => new()
    {
        Domain = Domain(),
        CloudflareAccountId = cloudflareAccountId,
        Brand = "Brand",
        Niche = "gardening",
    };
}
