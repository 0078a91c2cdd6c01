using Npgsql;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests.Migrations;

public sealed class DatabaseMigratorTests
{
    private static async Task<NpgsqlDataSource> EmptyDatabaseAsync(PostgresFixture fixture) =>
        fixture.CreateDataSource(await PostgresFixture.CreateDatabaseAsync("mig"));

    [Fact]
    public async Task MigrateAsync_FreshDatabase_AppliesEveryScriptThenNothingOnRerun()
    {
        var fixture = new PostgresFixture();
        try
        {
            var db = await EmptyDatabaseAsync(fixture);
            var migrator = new DatabaseMigrator(db);

            var first = await migrator.MigrateAsync();
            var second = await migrator.MigrateAsync();

            Assert.Equal(DatabaseMigrator.ScriptNames, first);
            Assert.True(first.Count >= 2);
            Assert.Empty(second);
            await using var cmd = db.CreateCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'wf'");
            var tables = (long)(await cmd.ExecuteScalarAsync())!;
            Assert.True(tables >= 11, $"expected the domain tables, found {tables}");
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentMigrators_ApplyEachScriptOnce()
    {
        var fixture = new PostgresFixture();
        try
        {
            var db = await EmptyDatabaseAsync(fixture);

            var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => new DatabaseMigrator(db).MigrateAsync()));

            Assert.Equal(DatabaseMigrator.ScriptNames.Count, results.Sum(r => r.Count));
            await using var cmd = db.CreateCommand($"SELECT count(*) FROM wf.{DatabaseMigrator.JournalTable}");
            Assert.Equal((long)DatabaseMigrator.ScriptNames.Count, (long)(await cmd.ExecuteScalarAsync())!);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    [Fact]
    public void ScriptNames_AreEmbeddedInVersionOrder()
    {
        Assert.NotEmpty(DatabaseMigrator.ScriptNames);
        Assert.Equal(DatabaseMigrator.ScriptNames.Order(StringComparer.Ordinal), DatabaseMigrator.ScriptNames);
        Assert.Contains(DatabaseMigrator.ScriptNames, n => n.EndsWith("0001_domain_schema.sql", StringComparison.Ordinal));
    }
}
