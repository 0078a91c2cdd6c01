using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// The <c>wf.sites</c> table for operators (<see cref="ISiteRepository"/>) and for pipeline steps
/// (<see cref="ISiteStateStore"/>). Every change and its <c>site_events</c> row are written by one statement, so they
/// commit or fail together.
/// </summary>
public sealed partial class SiteRepository : ISiteRepository, ISiteStateStore
{
    private const int MaxActorLength = 200;
    private const int MaxMessageLength = 4000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<SiteRepository> _logger;

    /// <summary>Creates the repository.</summary>
    public SiteRepository(NpgsqlDataSource dataSource, ILogger<SiteRepository>? logger = null)
    {
        _dataSource = dataSource;
        _logger = logger ?? NullLogger<SiteRepository>.Instance;
    }

    /// <inheritdoc />
    public async Task<Site> CreateAsync(NewSite site, string actor = "system", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(site);
        EntityValidationException.ThrowIfAny(site.Validate());
        actor = CleanActor(actor);
        var id = site.Id == Guid.Empty ? Guid.CreateVersion7() : site.Id;
        await using var cmd = _dataSource.Command(
            $"""
            WITH s AS (
                INSERT INTO wf.sites (id, domain, cloudflare_account_id, registrar_account_id, server_id, gsc_account_id, brand, niche, language)
                VALUES (@id, @domain, @cf, @reg, @server, @gsc, @brand, @niche, @language)
                RETURNING *
            ), e AS (
                INSERT INTO wf.site_events (site_id, step, outcome, message, actor)
                SELECT s.id, 'registered', 'succeeded', 'Site registered.', @actor FROM s
            )
            SELECT {SiteRows.Columns} FROM s
            """,
            Sql.P("id", NpgsqlDbType.Uuid, id),
            Sql.P("domain", NpgsqlDbType.Text, site.Domain.Value),
            Sql.P("cf", NpgsqlDbType.Uuid, site.CloudflareAccountId),
            Sql.P("reg", NpgsqlDbType.Uuid, site.RegistrarAccountId),
            Sql.P("server", NpgsqlDbType.Uuid, site.ServerId),
            Sql.P("gsc", NpgsqlDbType.Uuid, site.GscAccountId),
            Sql.P("brand", NpgsqlDbType.Text, site.Brand),
            Sql.P("niche", NpgsqlDbType.Text, site.Niche),
            Sql.P("language", NpgsqlDbType.Text, site.Language),
            Sql.P("actor", NpgsqlDbType.Text, actor));
        try
        {
            var created = (await SiteRows.ReadAllAsync(cmd, cancellationToken))[0];
            Log.Created(_logger, created.Id, created.Domain.Value);
            return created;
        }
        catch (PostgresException e)
        {
            throw Translate(e, site.Domain.Value, site.CloudflareAccountId, site.RegistrarAccountId, site.ServerId, site.GscAccountId);
        }
    }

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

    /// <inheritdoc />
    public async Task<PagedResult<Site>> ListAsync(SiteQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        EntityValidationException.ThrowIfAny(query.Validate());
        var where = new StringBuilder("TRUE");
        var parameters = new List<NpgsqlParameter>();
        void Add(string condition, NpgsqlParameter p)
        {
            where.Append(" AND ").Append(condition);
            parameters.Add(p);
        }

        where.Append(query.Progress switch
        {
            SiteProgressFilter.Any => string.Empty,
            SiteProgressFilter.Failed => $" AND {FailedSql}",
            SiteProgressFilter.Complete => $" AND {CompleteSql}",
            SiteProgressFilter.NotStarted => $" AND {NotStartedSql}",
            SiteProgressFilter.Live => $" AND {LiveSql}",
            SiteProgressFilter.InProgress => $" AND NOT {FailedSql} AND NOT {CompleteSql} AND NOT {LiveSql} AND NOT {NotStartedSql}",
            _ => throw new EntityValidationException("progress", "Unknown progress filter."),
        });

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var ascii = term;
            try
            {
                ascii = new IdnMapping().GetAscii(term);
            }
            catch (ArgumentException)
            {
                // Not convertible to punycode (e.g. contains spaces): search for the text as typed.
            }

            Add("(s.domain ILIKE @search ESCAPE '\\' OR s.domain ILIKE @searchAscii ESCAPE '\\' OR s.brand ILIKE @search ESCAPE '\\')",
                Sql.P("search", NpgsqlDbType.Text, "%" + Sql.LikeEscape(term) + "%"));
            parameters.Add(Sql.P("searchAscii", NpgsqlDbType.Text, "%" + Sql.LikeEscape(ascii) + "%"));
        }

        if (query.StatusDns is { } dns)
        {
            Add("s.status_dns = @statusDns", Sql.P("statusDns", NpgsqlDbType.Text, DbEnum<DnsStatus>.Text(dns)));
        }

        if (query.StatusHosting is { } hosting)
        {
            Add("s.status_hosting = @statusHosting", Sql.P("statusHosting", NpgsqlDbType.Text, DbEnum<HostingStatus>.Text(hosting)));
        }

        if (query.StatusContent is { } content)
        {
            Add("s.status_content = @statusContent", Sql.P("statusContent", NpgsqlDbType.Text, DbEnum<ContentStatus>.Text(content)));
        }

        if (query.StatusDeployment is { } deployment)
        {
            Add("s.status_deployment = @statusDeployment", Sql.P("statusDeployment", NpgsqlDbType.Text, DbEnum<DeploymentStatus>.Text(deployment)));
        }

        if (query.GscVerificationStatus is { } gscStatus)
        {
            Add("s.gsc_verification_status = @gscStatus", Sql.P("gscStatus", NpgsqlDbType.Text, DbEnum<GscVerificationStatus>.Text(gscStatus)));
        }

        if (query.AnalyticsStatus is { } analytics)
        {
            Add("s.analytics_status = @analyticsStatus", Sql.P("analyticsStatus", NpgsqlDbType.Text, DbEnum<AnalyticsStatus>.Text(analytics)));
        }

        if (query.CloudflareAccountId is { } cf)
        {
            Add("s.cloudflare_account_id = @cf", Sql.P("cf", NpgsqlDbType.Uuid, cf));
        }

        if (query.RegistrarAccountId is { } reg)
        {
            Add("s.registrar_account_id = @reg", Sql.P("reg", NpgsqlDbType.Uuid, reg));
        }

        if (query.ServerId is { } server)
        {
            Add("s.server_id = @server", Sql.P("server", NpgsqlDbType.Uuid, server));
        }

        if (query.GscAccountId is { } gsc)
        {
            Add("s.gsc_account_id = @gsc", Sql.P("gsc", NpgsqlDbType.Uuid, gsc));
        }

        var orderColumn = query.OrderBy switch
        {
            SiteSortOrder.Domain => "s.domain",
            SiteSortOrder.CreatedAt => "s.created_at",
            SiteSortOrder.UpdatedAt => "s.updated_at",
            _ => throw new EntityValidationException("order_by", "Unknown sort order."),
        };
        var direction = query.Descending ? "DESC" : "ASC";

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        long total;
        await using (var count = connection.Command($"SELECT count(*) FROM wf.sites s WHERE {where}", [.. parameters.Select(p => p.Clone())]))
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        parameters.Add(Sql.P("offset", NpgsqlDbType.Integer, query.Offset));
        parameters.Add(Sql.P("limit", NpgsqlDbType.Integer, query.Limit));
        await using var cmd = connection.Command(
            $"SELECT {SiteRows.Columns} FROM wf.sites s WHERE {where} ORDER BY {orderColumn} {direction}, s.id {direction} OFFSET @offset LIMIT @limit",
            [.. parameters]);
        var items = await SiteRows.ReadAllAsync(cmd, cancellationToken);
        return new PagedResult<Site> { Items = items, TotalCount = total, Offset = query.Offset, Limit = query.Limit };
    }

    /// <inheritdoc cref="ISiteRepository.GetAsync" />
    public async Task<Site?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.Command($"SELECT {SiteRows.Columns} FROM wf.sites s WHERE s.id = @id", Sql.P("id", NpgsqlDbType.Uuid, id));
        return (await SiteRows.ReadAllAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <inheritdoc cref="ISiteRepository.GetByDomainAsync" />
    public async Task<Site?> GetByDomainAsync(DomainName domain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domain);
        await using var cmd = _dataSource.Command($"SELECT {SiteRows.Columns} FROM wf.sites s WHERE s.domain = @domain", Sql.P("domain", NpgsqlDbType.Text, domain.Value));
        return (await SiteRows.ReadAllAsync(cmd, cancellationToken)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<Site> UpdateAsync(Guid id, SiteEdit edit, string actor = "system", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        EntityValidationException.ThrowIfAny(edit.Validate());
        actor = CleanActor(actor);
        await using var cmd = _dataSource.Command(
            $"""
            WITH s AS (
                UPDATE wf.sites SET cloudflare_account_id = @cf, registrar_account_id = @reg, server_id = @server,
                    gsc_account_id = @gsc, brand = @brand, niche = @niche, language = @language, updated_at = now()
                WHERE id = @id
                RETURNING *
            ), e AS (
                INSERT INTO wf.site_events (site_id, step, outcome, message, actor)
                SELECT s.id, 'registered', 'info', 'Site settings changed.', @actor FROM s
            )
            SELECT {SiteRows.Columns} FROM s
            """,
            Sql.P("id", NpgsqlDbType.Uuid, id),
            Sql.P("cf", NpgsqlDbType.Uuid, edit.CloudflareAccountId),
            Sql.P("reg", NpgsqlDbType.Uuid, edit.RegistrarAccountId),
            Sql.P("server", NpgsqlDbType.Uuid, edit.ServerId),
            Sql.P("gsc", NpgsqlDbType.Uuid, edit.GscAccountId),
            Sql.P("brand", NpgsqlDbType.Text, edit.Brand),
            Sql.P("niche", NpgsqlDbType.Text, edit.Niche),
            Sql.P("language", NpgsqlDbType.Text, edit.Language),
            Sql.P("actor", NpgsqlDbType.Text, actor));
        try
        {
            return (await SiteRows.ReadAllAsync(cmd, cancellationToken)).FirstOrDefault()
                ?? throw new EntityNotFoundException("site", id.ToString());
        }
        catch (PostgresException e)
        {
            throw Translate(e, null, edit.CloudflareAccountId, edit.RegistrarAccountId, edit.ServerId, edit.GscAccountId);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.Command("DELETE FROM wf.sites WHERE id = @id", Sql.P("id", NpgsqlDbType.Uuid, id));
        var deleted = await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (deleted)
        {
            Log.Deleted(_logger, id);
        }

        return deleted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<SiteProgressFilter, long>> CountByProgressAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.Command(
            $"""
            SELECT count(*),
                   count(*) FILTER (WHERE {FailedSql}),
                   count(*) FILTER (WHERE {CompleteSql}),
                   count(*) FILTER (WHERE {NotStartedSql}),
                   count(*) FILTER (WHERE NOT {FailedSql} AND NOT {CompleteSql} AND NOT {LiveSql} AND NOT {NotStartedSql}),
                   count(*) FILTER (WHERE {LiveSql})
            FROM wf.sites s
            """);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Dictionary<SiteProgressFilter, long>
        {
            [SiteProgressFilter.Any] = reader.GetInt64(0),
            [SiteProgressFilter.Failed] = reader.GetInt64(1),
            [SiteProgressFilter.Complete] = reader.GetInt64(2),
            [SiteProgressFilter.NotStarted] = reader.GetInt64(3),
            [SiteProgressFilter.InProgress] = reader.GetInt64(4),
            [SiteProgressFilter.Live] = reader.GetInt64(5),
        };
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement updates the row and appends the event, so both commit or neither does. Messages are passed through
    /// <see cref="SecretRedactor"/> first (defence in depth; callers must not pass secrets).
    /// </remarks>
    public async Task RecordStepAsync(SiteStepUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        var errors = new List<FieldError>();
        if (update.SiteUser is not null && !SiteUser.TryParse(update.SiteUser, out _))
        {
            errors.Add(new FieldError("site_user", "Site user must match [a-z][a-z0-9_-]{0,31}."));
        }

        if (update.HostingDocRoot is not null && !RemotePath.TryParse(update.HostingDocRoot, out _, out var pathError))
        {
            errors.Add(new FieldError("hosting_doc_root", pathError));
        }

        if (update.CloudflareZoneId is not null && (update.CloudflareZoneId.Length != 32 || !update.CloudflareZoneId.All(char.IsAsciiHexDigitLower)))
        {
            errors.Add(new FieldError("cloudflare_zone_id", "Cloudflare zone id must be 32 lower-case hexadecimal characters."));
        }

        if (update.MatomoSiteId is <= 0)
        {
            errors.Add(new FieldError("matomo_site_id", "Matomo site id must be positive."));
        }

        if (update.AnalyticsAttempts is < 0)
        {
            errors.Add(new FieldError("analytics_attempts", "Analytics attempts cannot be negative."));
        }

        if (update.ContentTokens is < 0)
        {
            errors.Add(new FieldError("content_tokens", "Token usage cannot be negative."));
        }

        EntityValidationException.ThrowIfAny(errors);

        var message = Clean(update.Message);
        var errorMessage = update.ErrorMessage is null ? null : Clean(update.ErrorMessage) ?? string.Empty;
        var analyticsError = update.AnalyticsError is null ? null : Clean(update.AnalyticsError) ?? string.Empty;
        await using var cmd = _dataSource.Command(
            """
            WITH s AS (
                UPDATE wf.sites SET
                    status_dns = CASE WHEN @forget THEN 'pending' ELSE COALESCE(@statusDns, status_dns) END,
                    status_hosting = CASE WHEN @forget THEN 'pending' ELSE COALESCE(@statusHosting, status_hosting) END,
                    status_content = COALESCE(@statusContent, status_content),
                    status_deployment = CASE WHEN @forget THEN 'pending' ELSE COALESCE(@statusDeployment, status_deployment) END,
                    gsc_verification_status = COALESCE(@gscStatus, gsc_verification_status),
                    error_message = CASE WHEN @errorMessage IS NULL THEN error_message
                                         WHEN @errorMessage = '' THEN NULL ELSE @errorMessage END,
                    cloudflare_zone_id = CASE WHEN @forget THEN NULL ELSE COALESCE(@zoneId, cloudflare_zone_id) END,
                    assigned_nameservers = CASE WHEN @forget THEN '{}' ELSE COALESCE(@nameservers, assigned_nameservers) END,
                    record_ids = CASE WHEN @forget THEN '{}'::jsonb ELSE record_ids || COALESCE(@recordIds, '{}'::jsonb) END,
                    hosting_doc_root = CASE WHEN @forget THEN NULL ELSE COALESCE(@docRoot, hosting_doc_root) END,
                    site_user = CASE WHEN @forget THEN NULL ELSE COALESCE(@siteUser, site_user) END,
                    matomo_site_id = CASE WHEN @forgetAnalytics THEN NULL ELSE COALESCE(@matomoSiteId, matomo_site_id) END,
                    instance_id = COALESCE(@instanceId, instance_id),
                    content_tokens = content_tokens + COALESCE(@contentTokens, 0),
                    analytics_status = CASE WHEN @forgetAnalytics THEN 'pending' ELSE COALESCE(@analyticsStatus, analytics_status) END,
                    analytics_error = CASE WHEN @analyticsError IS NULL THEN analytics_error
                                           WHEN @analyticsError = '' THEN NULL ELSE @analyticsError END,
                    analytics_attempts = COALESCE(@analyticsAttempts, analytics_attempts),
                    lifecycle_status = COALESCE(@lifecycle, lifecycle_status),
                    updated_at = now()
                WHERE id = @id
                RETURNING id
            )
            INSERT INTO wf.site_events (site_id, step, outcome, message, actor)
            SELECT s.id, @step, @outcome, @message, @actor FROM s
            RETURNING id
            """,
            Sql.P("id", NpgsqlDbType.Uuid, update.SiteId),
            Sql.P("statusDns", NpgsqlDbType.Text, DbEnum<DnsStatus>.Text(update.StatusDns)),
            Sql.P("statusHosting", NpgsqlDbType.Text, DbEnum<HostingStatus>.Text(update.StatusHosting)),
            Sql.P("statusContent", NpgsqlDbType.Text, DbEnum<ContentStatus>.Text(update.StatusContent)),
            Sql.P("statusDeployment", NpgsqlDbType.Text, DbEnum<DeploymentStatus>.Text(update.StatusDeployment)),
            Sql.P("gscStatus", NpgsqlDbType.Text, DbEnum<GscVerificationStatus>.Text(update.GscVerificationStatus)),
            Sql.P("errorMessage", NpgsqlDbType.Text, errorMessage),
            Sql.P("zoneId", NpgsqlDbType.Text, update.CloudflareZoneId),
            Sql.P("nameservers", NpgsqlDbType.Array | NpgsqlDbType.Text, update.AssignedNameservers?.ToArray()),
            Sql.P("recordIds", NpgsqlDbType.Jsonb, update.RecordIds is null ? null : JsonSerializer.Serialize(update.RecordIds)),
            Sql.P("docRoot", NpgsqlDbType.Text, update.HostingDocRoot),
            Sql.P("siteUser", NpgsqlDbType.Text, update.SiteUser),
            Sql.P("matomoSiteId", NpgsqlDbType.Integer, update.MatomoSiteId),
            Sql.P("instanceId", NpgsqlDbType.Text, update.InstanceId),
            Sql.P("contentTokens", NpgsqlDbType.Bigint, update.ContentTokens),
            Sql.P("analyticsStatus", NpgsqlDbType.Text, DbEnum<AnalyticsStatus>.Text(update.AnalyticsStatus)),
            Sql.P("analyticsError", NpgsqlDbType.Text, analyticsError),
            Sql.P("analyticsAttempts", NpgsqlDbType.Integer, update.AnalyticsAttempts),
            Sql.P("lifecycle", NpgsqlDbType.Text, DbEnum<SiteLifecycle>.Text(update.Lifecycle)),
            Sql.P("forget", NpgsqlDbType.Boolean, update.ForgetVendorResources),
            Sql.P("forgetAnalytics", NpgsqlDbType.Boolean, update.ForgetVendorResources && update.ForgetAnalytics),
            Sql.P("step", NpgsqlDbType.Text, DbEnum<SiteStep>.Text(update.Step)),
            Sql.P("outcome", NpgsqlDbType.Text, DbEnum<StepOutcome>.Text(update.Outcome)),
            Sql.P("message", NpgsqlDbType.Text, message),
            Sql.P("actor", NpgsqlDbType.Text, CleanActor(update.Actor)));
        object? eventId;
        try
        {
            eventId = await cmd.ExecuteScalarAsync(cancellationToken);
        }
        catch (PostgresException e) when (PostgresErrors.CheckViolation(e) is { } validation)
        {
            throw validation;
        }

        if (eventId is null)
        {
            throw new EntityNotFoundException("site", update.SiteId.ToString());
        }
    }

    private static string? Clean(string? text)
    {
        var redacted = SecretRedactor.Redact(text);
        return redacted is { Length: > MaxMessageLength } ? redacted[..MaxMessageLength] : redacted;
    }

    private static string CleanActor(string? actor)
    {
        if (string.IsNullOrWhiteSpace(actor))
        {
            return "system";
        }

        var cleaned = SecretRedactor.Redact(actor.Trim())!;
        return cleaned.Length > MaxActorLength ? cleaned[..MaxActorLength] : cleaned;
    }

    private static Exception Translate(PostgresException e, string? domain, Guid? cf, Guid? reg, Guid? server, Guid? gsc)
    {
        if (PostgresErrors.IsUniqueViolation(e) && e.ConstraintName == "sites_domain_key")
        {
            return new DuplicateEntityException("site", "domain", domain, e);
        }

        if (PostgresErrors.IsUniqueViolation(e) && e.ConstraintName == "sites_pkey")
        {
            return new DuplicateEntityException("site", "id", null, e);
        }

        if (PostgresErrors.IsForeignKeyViolation(e) && PostgresErrors.ForeignKey(e) is { } fk)
        {
            var value = fk.Field switch
            {
                "cloudflare_account_id" => cf,
                "registrar_account_id" => reg,
                "server_id" => server,
                "gsc_account_id" => gsc,
                _ => null,
            };
            return new UnknownReferenceException(fk.Entity, fk.Field, value?.ToString(), e);
        }

        return PostgresErrors.CheckViolation(e) ?? (Exception)e;
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Site {SiteId} registered for {Domain}")]
        public static partial void Created(ILogger logger, Guid siteId, string domain);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Imported {Count} sites")]
        public static partial void Imported(ILogger logger, int count);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Site {SiteId} deleted")]
        public static partial void Deleted(ILogger logger, Guid siteId);
    }
}
