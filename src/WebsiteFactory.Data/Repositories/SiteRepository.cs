using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

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

        if (query.DeploymentStatuses is { Count: > 0 } deployments)
        {
            Add("s.status_deployment = ANY(@deployments)", Sql.P("deployments", NpgsqlDbType.Array | NpgsqlDbType.Text, deployments.Distinct().Select(d => DbEnum<DeploymentStatus>.Text(d)).ToArray()));
        }

        if (query.GscVerificationStatus is { } gscStatus)
        {
            Add("s.gsc_verification_status = @gscStatus", Sql.P("gscStatus", NpgsqlDbType.Text, DbEnum<GscVerificationStatus>.Text(gscStatus)));
        }

        if (query.AnalyticsStatus is { } analytics)
        {
            Add("s.analytics_status = @analyticsStatus", Sql.P("analyticsStatus", NpgsqlDbType.Text, DbEnum<AnalyticsStatus>.Text(analytics)));
        }

        if (query.Lifecycles is { Count: > 0 } lifecycles)
        {
            Add("s.lifecycle_status = ANY(@lifecycles)", Sql.P("lifecycles", NpgsqlDbType.Array | NpgsqlDbType.Text, lifecycles.Distinct().Select(l => DbEnum<SiteLifecycle>.Text(l)).ToArray()));
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
