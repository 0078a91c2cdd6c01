using System.Globalization;
using System.Net;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Core.Tests.Domain;

public sealed class EntityValidationTests
{
    private static readonly SecretName Secret = SecretName.Parse("cf-token-1", CultureInfo.InvariantCulture);

    private static CloudflareAccount Cloudflare() => new()
    {
        Email = "ops@example.com",
        AccountNickname = "cf-01",
        CloudflareAccountId = "023e105f4ecef8ad9ca31a8372d0c353",
        ApiTokenSecretName = Secret,
    };

    private static HostingServer Server() => new()
    {
        Name = "cp-1",
        Address = "cp1.example.net",
        PublicIp = IPAddress.Parse("203.0.113.10"),
        SshUser = "clp",
        SshKeySecretName = SecretName.Parse("ssh-cp-1", CultureInfo.InvariantCulture),
        HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", CultureInfo.InvariantCulture),
    };

    [Fact]
    public void CloudflareAccount_Valid_HasNoErrors()
    {
        Assert.Empty(Cloudflare().Validate());
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "")]
    [InlineData("account_nickname", "")]
    [InlineData("account_nickname", " padded ")]
    [InlineData("cloudflare_account_id", "023E105F4ECEF8AD9CA31A8372D0C353")]
    [InlineData("cloudflare_account_id", "1234")]
    public void CloudflareAccount_BadField_IsReportedByName(string field, string value)
    {
        var account = field switch
        {
            "email" => Cloudflare() with { Email = value },
            "account_nickname" => Cloudflare() with { AccountNickname = value },
            _ => Cloudflare() with { CloudflareAccountId = value },
        };

        Assert.Contains(account.Validate(), e => e.Field == field);
    }

    [Fact]
    public void RegistrarAccount_NamecheapWithoutClientIp_IsInvalid()
    {
        var account = new RegistrarAccount
        {
            Provider = RegistrarProvider.Namecheap,
            AccountNickname = "nc",
            ApiUser = "apiuser",
            ApiKeySecretName = SecretName.Parse("nc-key", CultureInfo.InvariantCulture),
        };

        Assert.Contains(account.Validate(), e => e.Field == "client_ip");
        Assert.Empty((account with { ClientIp = IPAddress.Parse("203.0.113.7") }).Validate());
        Assert.Contains((account with { ClientIp = IPAddress.Parse("2001:db8::1") }).Validate(), e => e.Field == "client_ip");
    }

    [Fact]
    public void RegistrarAccount_SpaceshipWithoutApiSecret_IsInvalid()
    {
        var account = new RegistrarAccount
        {
            Provider = RegistrarProvider.Spaceship,
            AccountNickname = "ss",
            ApiKeySecretName = SecretName.Parse("ss-key", CultureInfo.InvariantCulture),
        };

        Assert.Contains(account.Validate(), e => e.Field == "api_secret_secret_name");
        Assert.Empty((account with { ApiSecretSecretName = SecretName.Parse("ss-secret", CultureInfo.InvariantCulture) }).Validate());
    }

    [Fact]
    public void HostingServer_Valid_HasNoErrorsAndARecordAddress()
    {
        var server = Server();

        Assert.Empty(server.Validate());
        Assert.Equal(IPAddress.Parse("203.0.113.10"), server.GetARecordAddress());
    }

    [Theory]
    [InlineData("address", "host name; rm -rf /")]
    [InlineData("address", "$(id)")]
    [InlineData("address", "1")]
    [InlineData("address", "10.1")]
    [InlineData("address", "1.2.3.4.5")]
    [InlineData("address", "010.0.0.1")]
    [InlineData("address", "0x7f.0.0.1")]
    [InlineData("address", "256.1.1.1")]
    [InlineData("ssh_user", "root")]
    [InlineData("ssh_user", "Root")]
    [InlineData("ssh_user", "a b")]
    [InlineData("ssh_port", "0")]
    [InlineData("ssh_port", "70000")]
    public void HostingServer_BadField_IsReportedByName(string field, string value)
    {
        var server = field switch
        {
            "address" => Server() with { Address = value },
            "ssh_user" => Server() with { SshUser = value },
            _ => Server() with { SshPort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };

        Assert.Contains(server.Validate(), e => e.Field == field);
    }

    [Fact]
    public void HostingServer_RootAllowed_IsValid()
    {
        Assert.Empty((Server() with { SshUser = "root" }).Validate(allowRootSsh: true));
    }

    [Fact]
    public void HostingServer_NumericAddressThatIsNoDottedQuad_HasNoARecordAddress()
    {
        var server = Server() with { PublicIp = null, Address = "1" };

        Assert.Throws<InvalidOperationException>(() => server.GetARecordAddress());
    }

    [Fact]
    public void HostingServer_HostNameWithoutPublicIp_HasNoARecordAddress()
    {
        var server = Server() with { PublicIp = null };

        Assert.Throws<InvalidOperationException>(() => server.GetARecordAddress());
        Assert.Equal(IPAddress.Parse("198.51.100.2"), (server with { Address = "198.51.100.2" }).GetARecordAddress());
    }

    [Fact]
    public void EntityValidationException_Message_ListsEveryField()
    {
        var e = new EntityValidationException([new FieldError("email", "bad"), new FieldError("name", "missing")]);

        Assert.Contains("email: bad", e.Message, StringComparison.Ordinal);
        Assert.Contains("name: missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, e.Errors.Count);
    }
}
