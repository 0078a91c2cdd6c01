using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class AccountRepositoryTests : IClassFixture<MigratedDatabase>
{
    private readonly MigratedDatabase _db;
    private readonly CloudflareAccountRepository _cloudflare;
    private readonly RegistrarAccountRepository _registrars;
    private readonly GscAccountRepository _gsc;
    private readonly HostingServerRepository _servers;

    public AccountRepositoryTests(MigratedDatabase db)
    {
        _db = db;
        _cloudflare = new CloudflareAccountRepository(db.DataSource);
        _registrars = new RegistrarAccountRepository(db.DataSource);
        _gsc = new GscAccountRepository(db.DataSource);
        _servers = new HostingServerRepository(db.DataSource);
    }

    [Fact]
    public async Task Cloudflare_CrudRoundTrip()
    {
        var created = await _cloudflare.CreateAsync(TestData.Cloudflare());

        Assert.NotEqual(Guid.Empty, created.Id);
        Assert.NotEqual(default, created.CreatedAt);
        Assert.Equal(created, await _cloudflare.GetAsync(created.Id));
        Assert.Equal(created, await _cloudflare.GetByNicknameAsync(created.AccountNickname));
        Assert.Contains(created, await _cloudflare.ListAsync());

        var renamed = await _cloudflare.UpdateAsync(created with { AccountNickname = created.AccountNickname + "-b" });
        Assert.Equal(created.AccountNickname + "-b", renamed.AccountNickname);
        Assert.Equal(created.CreatedAt, renamed.CreatedAt);

        Assert.True(await _cloudflare.DeleteAsync(created.Id));
        Assert.Null(await _cloudflare.GetAsync(created.Id));
        Assert.False(await _cloudflare.DeleteAsync(created.Id));
    }

    [Fact]
    public async Task Cloudflare_DuplicateEmailOrNickname_ThrowsNamingTheField()
    {
        var first = await _cloudflare.CreateAsync(TestData.Cloudflare());

        var byEmail = await Assert.ThrowsAsync<DuplicateEntityException>(() =>
            _cloudflare.CreateAsync(TestData.Cloudflare() with { Email = first.Email.ToUpperInvariant() }));
        var byNick = await Assert.ThrowsAsync<DuplicateEntityException>(() =>
            _cloudflare.CreateAsync(TestData.Cloudflare() with { AccountNickname = first.AccountNickname }));

        Assert.Equal("email", byEmail.Field);
        Assert.Contains("cloudflare account with email", byEmail.Message, StringComparison.Ordinal);
        Assert.Equal($"A cloudflare account with account nickname '{first.AccountNickname}' already exists.", byNick.Message);
    }

    [Fact]
    public async Task Cloudflare_InvalidAccountId_ThrowsValidationAndWritesNothing()
    {
        var account = TestData.Cloudflare() with { CloudflareAccountId = "xyz" };

        var e = await Assert.ThrowsAsync<EntityValidationException>(() => _cloudflare.CreateAsync(account));

        Assert.Contains(e.Errors, f => f.Field == "cloudflare_account_id");
        Assert.Null(await _cloudflare.GetByNicknameAsync(account.AccountNickname));
    }

    [Fact]
    public async Task Update_UnknownId_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<EntityNotFoundException>(() => _cloudflare.UpdateAsync(TestData.Cloudflare() with { Id = Guid.NewGuid() }));
    }

    [Fact]
    public async Task Delete_AccountUsedBySites_ThrowsInUseAndKeepsIt()
    {
        var cf = await _cloudflare.CreateAsync(TestData.Cloudflare());
        var server = await _servers.CreateAsync(TestData.Server());
        await new SiteRepository(_db.DataSource).CreateAsync(TestData.Site(cf.Id) with { ServerId = server.Id });

        var e = await Assert.ThrowsAsync<EntityInUseException>(() => _cloudflare.DeleteAsync(cf.Id));
        await Assert.ThrowsAsync<EntityInUseException>(() => _servers.DeleteAsync(server.Id));

        Assert.Contains("still used by sites", e.Message, StringComparison.Ordinal);
        Assert.NotNull(await _cloudflare.GetAsync(cf.Id));
        Assert.NotNull(await _servers.GetAsync(server.Id));
    }

    [Fact]
    public async Task Registrar_RoundTripsProviderSecretsAndClientIp()
    {
        var namecheap = await _registrars.CreateAsync(TestData.Namecheap());
        var spaceship = await _registrars.CreateAsync(new RegistrarAccount
        {
            Provider = Core.Ports.Vendors.RegistrarProvider.Spaceship,
            AccountNickname = TestData.Unique("ss"),
            ApiKeySecretName = TestData.Secret(),
            ApiSecretSecretName = TestData.Secret(),
        });

        Assert.Equal(namecheap, await _registrars.GetAsync(namecheap.Id));
        Assert.Equal(spaceship, await _registrars.GetByNicknameAsync(spaceship.AccountNickname));
        Assert.Equal("203.0.113.7", (await _registrars.GetAsync(namecheap.Id))!.ClientIp!.ToString());
        await Assert.ThrowsAsync<DuplicateEntityException>(() => _registrars.CreateAsync(TestData.Namecheap() with { AccountNickname = namecheap.AccountNickname }));
        await Assert.ThrowsAsync<EntityValidationException>(() => _registrars.CreateAsync(TestData.Namecheap() with { ClientIp = null }));
    }

    [Fact]
    public async Task Gsc_RoundTrips()
    {
        var gsc = await _gsc.CreateAsync(TestData.Gsc() with { OAuthClientId = "client.apps.googleusercontent.com", OAuthClientSecretName = TestData.Secret() });

        Assert.Equal(gsc, await _gsc.GetAsync(gsc.Id));
        await Assert.ThrowsAsync<DuplicateEntityException>(() => _gsc.CreateAsync(TestData.Gsc() with { Email = gsc.Email }));
    }

    [Fact]
    public async Task Server_RoundTripsPinnedFingerprintAndRejectsBadInput()
    {
        var server = await _servers.CreateAsync(TestData.Server() with { SshPort = 2222, PublicIp = System.Net.IPAddress.Parse("198.51.100.9") });

        var stored = await _servers.GetByNameAsync(server.Name);
        Assert.Equal(server, stored);
        Assert.Equal(TestData.Fingerprint, stored!.HostKeyFingerprint.Value);
        Assert.Equal(2222, stored.SshPort);
        await Assert.ThrowsAsync<DuplicateEntityException>(() => _servers.CreateAsync(TestData.Server() with { Name = server.Name }));

        var bad = TestData.Server() with { Address = "evil.com;rm -rf /", SshPort = 0, SshUser = "$(id)" };
        var e = await Assert.ThrowsAsync<EntityValidationException>(() => _servers.CreateAsync(bad));
        Assert.Equal(["address", "ssh_port", "ssh_user"], e.Errors.Select(f => f.Field).Order(StringComparer.Ordinal));
        Assert.Null(await _servers.GetByNameAsync(bad.Name));
    }

    [Fact]
    public void HostingServer_BadFingerprint_CannotEvenBeConstructed()
    {
        Assert.Throws<FormatException>(() => SshHostKeyFingerprint.Parse("SHA256:short", CultureInfo.InvariantCulture));
    }
}
