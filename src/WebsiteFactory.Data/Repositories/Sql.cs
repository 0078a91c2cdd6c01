using Npgsql;
using NpgsqlTypes;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Small helpers for typed parameters (nulls need an explicit type) and reading nullable columns.</summary>
internal static class Sql
{
    public static NpgsqlParameter P(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, params NpgsqlParameter[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddRange(parameters);
        return cmd;
    }

    public static NpgsqlCommand Command(this NpgsqlDataSource dataSource, string sql, params NpgsqlParameter[] parameters)
    {
        var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddRange(parameters);
        return cmd;
    }

    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static T? Nullable<T>(this NpgsqlDataReader reader, int ordinal)
        where T : struct =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    /// <summary>Escapes <c>%</c>, <c>_</c> and <c>\</c> for a LIKE pattern.</summary>
    public static string LikeEscape(string s) =>
        s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
