using System.Globalization;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Data.Repositories;
using WebsiteFactory.Data.Secrets;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.Secrets;

/// <summary>
/// The Cloudflare API token and an SSH private key go through the product's own paths (secret store, repositories,
/// step updates, errors); afterwards no table, log line or exception text holds either value.
/// </summary>
public sealed class SecretLeakTests : IAsyncLifetime
{
    internal const string SshPrivateKey = """
        -----BEGIN OPENSSH PRIVATE KEY-----
        b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
        QyNTUxOQAAACBx7yE1dYz1Yb8Kq2nP4sT0cR3vW9mL6jH5gF4eD2cB1AAAAJhQ8Xk3UPF5
        NwAAAAtzc2gtZWQyNTUxOQAAACBx7yE1dYz1Yb8Kq2nP4sT0cR3vW9mL6jH5gF4eD2cB1A
        -----END OPENSSH PRIVATE KEY-----
        """;

    private const string CloudflareToken = "Qm7Tz2Lp9Xc4Vb8Nk1Rw6Hy3Js5Dg0Fa2Ue4Io7P";
    private static readonly string[] KeyFragments = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "QyNTUxOQAAACBx7yE1dYz1Yb8Kq2nP4sT0cR3vW9mL6jH5gF4eD2cB1"];

    private readonly PostgresFixture _postgres = new();
    private readonly FakeLoggerProvider _logs = new();
    private readonly string _secretsDir = Path.Combine(Path.GetTempPath(), "wf-leak-" + Guid.NewGuid().ToString("N"));
    private ILoggerFactory _loggerFactory = null!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        // The product's own data source factory, logging at Trace into the capture.
        _dataSource = WebsiteFactoryDataSource.Create(_postgres.ConnectionString, new DatabaseOptions(), _loggerFactory);
        await new DatabaseMigrator(_dataSource, _loggerFactory.CreateLogger<DatabaseMigrator>()).MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _loggerFactory.Dispose();
        _logs.Dispose();
        await _postgres.DisposeAsync();
        if (Directory.Exists(_secretsDir))
        {
            Directory.Delete(_secretsDir, recursive: true);
        }
    }

    [Fact]
    public async Task CloudflareTokenAndSshKey_NeverReachTablesLogsOrExceptions()
    {
        var exceptions = new List<Exception>();
        var secrets = new LocalSecretStore(_secretsDir, _loggerFactory.CreateLogger<LocalSecretStore>());
        var cloudflare = new CloudflareAccountRepository(_dataSource);
        var servers = new HostingServerRepository(_dataSource);
        var sites = new SiteRepository(_dataSource, _loggerFactory.CreateLogger<SiteRepository>());

        // Operator adds a Cloudflare account and a server: values to the secret store, names to the tables.
        var tokenName = SecretName.Parse("cf-token-leaktest", CultureInfo.InvariantCulture);
        var keyName = SecretName.Parse("ssh-key-leaktest", CultureInfo.InvariantCulture);
        await secrets.SetAsync(tokenName.Value, CloudflareToken);
        await secrets.SetAsync(keyName.Value, SshPrivateKey);
        var account = await cloudflare.CreateAsync(TestData.Cloudflare() with { ApiTokenSecretName = tokenName });
        var server = await servers.CreateAsync(TestData.Server() with { SshKeySecretName = keyName });
        var site = await sites.CreateAsync(TestData.Site(account.Id) with { ServerId = server.Id });

        // An adapter uses the values and (wrongly) echoes them into a failure: the store redacts.
        Assert.Equal(CloudflareToken, await secrets.GetAsync(tokenName.Value));
        Assert.Equal(SshPrivateKey, await secrets.GetAsync(keyName.Value));
        await sites.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Zone,
            Outcome = StepOutcome.Failed,
            StatusDns = DnsStatus.Failed,
            Message = $"Cloudflare 403 for Authorization: Bearer {CloudflareToken}",
            ErrorMessage = $"token {CloudflareToken} rejected",
        });
        await sites.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.HostingSite,
            Outcome = StepOutcome.Failed,
            StatusHosting = HostingStatus.Failed,
            Message = "ssh: cannot parse key " + SshPrivateKey,
            ErrorMessage = "key was: " + SshPrivateKey,
        });

        // Error paths.
        exceptions.Add(await Assert.ThrowsAsync<DuplicateEntityException>(() => cloudflare.CreateAsync(account with { Id = Guid.Empty })));
        exceptions.Add(await Assert.ThrowsAsync<EntityValidationException>(() => servers.CreateAsync(server with { Id = Guid.Empty, SshUser = "Bad User" })));
        exceptions.Add(await Assert.ThrowsAsync<KeyNotFoundException>(() => secrets.GetAsync("missing-secret")));
        File.Copy(Path.Combine(_secretsDir, "values", "cf-token-leaktest.secret"), Path.Combine(_secretsDir, "values", "ssh-key-leaktest.secret"), overwrite: true);
        exceptions.Add(await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => secrets.GetAsync(keyName.Value)));

        // Every text column of every table in the schema.
        var tableText = new List<string>();
        await using (var cmd = _dataSource.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'wf' AND table_type = 'BASE TABLE'"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tableText.Add(reader.GetString(0));
            }
        }

        Assert.Contains("cloudflare_accounts", tableText);
        var rows = new List<string>();
        foreach (var table in tableText)
        {
            await using var cmd = _dataSource.CreateCommand($"SELECT t::text FROM wf.\"{table}\" t");
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }
        }

        Assert.Contains(rows, r => r.Contains("cf-token-leaktest", StringComparison.Ordinal));
        var logText = _logs.Collector.GetSnapshot().Select(r => r.Message + " " + r.Exception).ToList();
        Assert.Contains(logText, l => l.Contains("cf-token-leaktest", StringComparison.Ordinal));
        var everything = rows.Concat(logText).Concat(exceptions.Select(e => e.ToString())).ToList();
        foreach (var text in everything)
        {
            Assert.DoesNotContain(CloudflareToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain("BEGIN OPENSSH PRIVATE KEY-----\n", text, StringComparison.Ordinal);
            foreach (var fragment in KeyFragments)
            {
                Assert.DoesNotContain(fragment, text, StringComparison.Ordinal);
            }
        }
    }
}
