using Npgsql;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Data.Tests;

/// <summary>A fresh database on the shared test cluster with every migration applied (one per test class).</summary>
public sealed class MigratedDatabase : IAsyncLifetime
{
    private readonly PostgresFixture _postgres = new();

    /// <summary>The database.</summary>
    public NpgsqlDataSource DataSource => _postgres.DataSource;

    /// <summary>Its connection string.</summary>
    public string ConnectionString => _postgres.ConnectionString;

    /// <summary>Creates another data source (disposed with the fixture).</summary>
    public NpgsqlDataSource CreateDataSource(string connectionString) => _postgres.CreateDataSource(connectionString);

    public async Task InitializeAsync()
    {
        await _postgres.InitializeAsync();
        await new DatabaseMigrator(_postgres.DataSource).MigrateAsync();
    }

    public Task DisposeAsync() => _postgres.DisposeAsync();

    /// <summary>Runs a scalar query.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
