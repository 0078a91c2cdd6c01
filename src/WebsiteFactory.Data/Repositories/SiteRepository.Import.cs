using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Bulk import: one transaction for all rows, account and server references resolved by name.</summary>
public sealed partial class SiteRepository
{
    /// <inheritdoc />
    public async Task<SiteImportResult> ImportAsync(IReadOnlyList<SiteImportRow> rows, string actor = "system", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        actor = CleanActor(actor);
        var errors = new List<SiteImportError>();
        var parsed = new List<(SiteImportRow Row, DomainName Domain, string Language)>(rows.Count);
        var firstRowOfDomain = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!DomainName.TryParse(row.Domain, out var domain, out var domainError))
            {
                errors.Add(new SiteImportError(row.RowNumber, "domain", domainError));
                continue;
            }

            var language = string.IsNullOrWhiteSpace(row.Language) ? "en" : row.Language.Trim();
            foreach (var fe in NewSite.ValidateEditableFields(row.Brand, row.Niche, language))
            {
                errors.Add(new SiteImportError(row.RowNumber, fe.Field, fe.Message));
            }

            if (firstRowOfDomain.TryGetValue(domain.Value, out var first))
            {
                errors.Add(new SiteImportError(row.RowNumber, "domain", $"Domain '{domain.Value}' appears more than once in this import (first in row {first})."));
                continue;
            }

            firstRowOfDomain[domain.Value] = row.RowNumber;
            parsed.Add((row, domain, language));
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        var cf = await ResolveAsync(connection, "wf.cloudflare_accounts", "account_nickname", rows.Select(r => r.CloudflareAccount), cancellationToken);
        var reg = await ResolveAsync(connection, "wf.registrar_accounts", "account_nickname", rows.Select(r => r.RegistrarAccount), cancellationToken);
        var srv = await ResolveAsync(connection, "wf.servers", "name", rows.Select(r => r.Server), cancellationToken);
        var gsc = await ResolveAsync(connection, "wf.gsc_accounts", "account_nickname", rows.Select(r => r.GscAccount), cancellationToken);

        var ready = new List<(SiteImportRow Row, DomainName Domain, string Language, Guid? Cf, Guid? Reg, Guid? Srv, Guid? Gsc)>();
        var parsedRows = parsed.ToDictionary<(SiteImportRow Row, DomainName Domain, string Language), SiteImportRow>(p => p.Row, ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            // References are checked on every row, so a row with a bad domain also learns about a bad account.
            var ok = parsedRows.TryGetValue(row, out var p);
            var cfId = Lookup(cf, row.CloudflareAccount, row.RowNumber, "cloudflare_account", "cloudflare account", errors, ref ok);
            var regId = Lookup(reg, row.RegistrarAccount, row.RowNumber, "registrar_account", "registrar account", errors, ref ok);
            var srvId = Lookup(srv, row.Server, row.RowNumber, "server", "server", errors, ref ok);
            var gscId = Lookup(gsc, row.GscAccount, row.RowNumber, "gsc_account", "Search Console account", errors, ref ok);
            if (ok)
            {
                ready.Add((row, p.Domain, p.Language, cfId, regId, srvId, gscId));
            }
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = connection.Command(
            "SELECT domain FROM wf.sites WHERE domain = ANY(@domains)",
            Sql.P("domains", NpgsqlDbType.Array | NpgsqlDbType.Text, parsed.Select(p => p.Domain.Value).ToArray())))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                existing.Add(reader.GetString(0));
            }
        }

        foreach (var (row, domain, _) in parsed)
        {
            if (existing.Contains(domain.Value))
            {
                errors.Add(new SiteImportError(row.RowNumber, "domain", $"A site with domain '{domain.Value}' already exists."));
            }
        }

        if (errors.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken);
            return new SiteImportResult { Created = [], Errors = [.. errors.OrderBy(e => e.RowNumber)] };
        }

        var ids = ready.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var insert = connection.Command(
            $"""
            WITH input AS (
                SELECT * FROM unnest(@ids, @domains, @cf, @reg, @srv, @gsc, @brands, @niches, @languages) WITH ORDINALITY
                    AS t(id, domain, cloudflare_account_id, registrar_account_id, server_id, gsc_account_id, brand, niche, language, ord)
            ), s AS (
                INSERT INTO wf.sites (id, domain, cloudflare_account_id, registrar_account_id, server_id, gsc_account_id, brand, niche, language)
                SELECT id, domain, cloudflare_account_id, registrar_account_id, server_id, gsc_account_id, brand, niche, language
                FROM input ORDER BY ord
                ON CONFLICT (domain) DO NOTHING
                RETURNING *
            ), e AS (
                INSERT INTO wf.site_events (site_id, step, outcome, message, actor)
                SELECT s.id, 'registered', 'succeeded', 'Site imported.', @actor FROM s
            )
            SELECT {SiteRows.Columns} FROM s JOIN input i ON i.id = s.id ORDER BY i.ord
            """,
            Sql.P("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids),
            Sql.P("domains", NpgsqlDbType.Array | NpgsqlDbType.Text, ready.Select(r => r.Domain.Value).ToArray()),
            Sql.P("cf", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ready.Select(r => r.Cf).ToArray()),
            Sql.P("reg", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ready.Select(r => r.Reg).ToArray()),
            Sql.P("srv", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ready.Select(r => r.Srv).ToArray()),
            Sql.P("gsc", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ready.Select(r => r.Gsc).ToArray()),
            Sql.P("brands", NpgsqlDbType.Array | NpgsqlDbType.Text, ready.Select(r => r.Row.Brand).ToArray()),
            Sql.P("niches", NpgsqlDbType.Array | NpgsqlDbType.Text, ready.Select(r => r.Row.Niche).ToArray()),
            Sql.P("languages", NpgsqlDbType.Array | NpgsqlDbType.Text, ready.Select(r => r.Language).ToArray()),
            Sql.P("actor", NpgsqlDbType.Text, actor));
        insert.Transaction = tx;
        List<Site> created;
        try
        {
            created = await SiteRows.ReadAllAsync(insert, cancellationToken);
        }
        catch (PostgresException e) when (PostgresErrors.IsForeignKeyViolation(e) && PostgresErrors.ForeignKey(e) is { } fk)
        {
            // An account or server was deleted between the lookup and the insert.
            await tx.RollbackAsync(cancellationToken);
            return new SiteImportResult { Created = [], Errors = [new SiteImportError(0, fk.Field, $"A referenced {fk.Entity} was deleted during the import; nothing was imported.")] };
        }

        if (created.Count != ready.Count)
        {
            // Another writer registered some of these domains after our check: report them, write nothing.
            await tx.RollbackAsync(cancellationToken);
            var got = created.Select(s => s.Domain.Value).ToHashSet(StringComparer.Ordinal);
            return new SiteImportResult
            {
                Created = [],
                Errors = [.. ready.Where(r => !got.Contains(r.Domain.Value))
                    .Select(r => new SiteImportError(r.Row.RowNumber, "domain", $"A site with domain '{r.Domain.Value}' already exists."))],
            };
        }

        await tx.CommitAsync(cancellationToken);
        Log.Imported(_logger, created.Count);
        return new SiteImportResult { Created = created, Errors = [] };
    }

    private static async Task<Dictionary<string, Guid>> ResolveAsync(
        NpgsqlConnection connection, string table, string nameColumn, IEnumerable<string?> references, CancellationToken cancellationToken)
    {
        var refs = references.Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r!.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        var map = new Dictionary<string, Guid>(StringComparer.Ordinal);
        if (refs.Length == 0)
        {
            return map;
        }

        var ids = refs.Select(r => Guid.TryParse(r, out var g) ? g : (Guid?)null).Where(g => g.HasValue).Select(g => g!.Value).ToArray();
        await using var cmd = connection.Command(
            $"SELECT id, {nameColumn} FROM {table} WHERE id = ANY(@ids) OR {nameColumn} = ANY(@names)",
            Sql.P("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid, ids),
            Sql.P("names", NpgsqlDbType.Array | NpgsqlDbType.Text, refs));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            map[id.ToString()] = id;
            map[reader.GetString(1)] = id;
        }

        return map;
    }

    private static Guid? Lookup(Dictionary<string, Guid> map, string? reference, int row, string field, string entity, List<SiteImportError> errors, ref bool ok)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        var key = reference.Trim();
        if (Guid.TryParse(key, out var asGuid))
        {
            key = asGuid.ToString();
        }

        if (map.TryGetValue(key, out var id))
        {
            return id;
        }

        errors.Add(new SiteImportError(row, field, $"Unknown {entity} '{reference.Trim()}'."));
        ok = false;
        return null;
    }
}
