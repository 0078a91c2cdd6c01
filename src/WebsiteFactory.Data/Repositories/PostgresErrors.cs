using Npgsql;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Translates constraint violations (by <see cref="PostgresException.SqlState"/>) into the store's typed errors.</summary>
internal static class PostgresErrors
{
    /// <summary>Foreign-key constraint → the referenced entity in words and the referencing field.</summary>
    private static readonly Dictionary<string, (string Entity, string Field)> ForeignKeys = new(StringComparer.Ordinal)
    {
        ["sites_cloudflare_account_id_fkey"] = ("cloudflare account", "cloudflare_account_id"),
        ["sites_registrar_account_id_fkey"] = ("registrar account", "registrar_account_id"),
        ["sites_server_id_fkey"] = ("server", "server_id"),
        ["sites_gsc_account_id_fkey"] = ("Search Console account", "gsc_account_id"),
        ["daily_analytics_site_id_fkey"] = ("site", "site_id"),
        ["site_events_site_id_fkey"] = ("site", "site_id"),
    };

    public static bool IsUniqueViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.UniqueViolation;

    public static bool IsForeignKeyViolation(PostgresException e) => e.SqlState == PostgresErrorCodes.ForeignKeyViolation;

    /// <summary>The entity and field a foreign-key constraint protects, or null for an unknown constraint.</summary>
    public static (string Entity, string Field)? ForeignKey(PostgresException e) =>
        e.ConstraintName is { } name && ForeignKeys.TryGetValue(name, out var fk) ? fk : null;

    /// <summary>
    /// A CHECK violation as a validation error on the field the constraint is named after
    /// (<c>servers_ssh_port_check</c> → <c>ssh_port</c>); null for other errors.
    /// </summary>
    public static EntityValidationException? CheckViolation(PostgresException e)
    {
        if (e.SqlState != PostgresErrorCodes.CheckViolation || e.ConstraintName is not { } name)
        {
            return null;
        }

        var field = name;
        if (e.TableName is { } table && field.StartsWith(table + "_", StringComparison.Ordinal))
        {
            field = field[(table.Length + 1)..];
        }

        if (field.EndsWith("_check", StringComparison.Ordinal))
        {
            field = field[..^"_check".Length];
        }

        return new EntityValidationException([new FieldError(field, $"The value is not allowed (database rule {name}).")]);
    }
}
