using System.Globalization;
using System.Text.Json;
using Npgsql;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>sites</c> column list and its mapping to <see cref="Site"/>; shared by every query that returns sites.</summary>
internal static class SiteRows
{
    /// <summary>Columns in reader order, qualified with the alias <c>s</c>.</summary>
    public const string Columns = """
        s.id, s.domain, s.cloudflare_account_id, s.registrar_account_id, s.server_id, s.gsc_account_id,
        s.status_dns, s.status_hosting, s.status_content, s.status_deployment, s.gsc_verification_status,
        s.hosting_doc_root, s.site_user, s.matomo_site_id, s.error_message, s.cloudflare_zone_id,
        s.assigned_nameservers, s.record_ids::text, s.brand, s.niche, s.language, s.instance_id, s.created_at, s.updated_at,
        s.content_tokens, s.analytics_status, s.analytics_error, s.analytics_attempts, s.lifecycle_status
        """;

    public static Site Read(NpgsqlDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Domain = DomainName.Parse(r.GetString(1), CultureInfo.InvariantCulture),
        CloudflareAccountId = r.Nullable<Guid>(2),
        RegistrarAccountId = r.Nullable<Guid>(3),
        ServerId = r.Nullable<Guid>(4),
        GscAccountId = r.Nullable<Guid>(5),
        StatusDns = DbEnum<DnsStatus>.Parse(r.GetString(6)),
        StatusHosting = DbEnum<HostingStatus>.Parse(r.GetString(7)),
        StatusContent = DbEnum<ContentStatus>.Parse(r.GetString(8)),
        StatusDeployment = DbEnum<DeploymentStatus>.Parse(r.GetString(9)),
        GscVerificationStatus = DbEnum<GscVerificationStatus>.Parse(r.GetString(10)),
        HostingDocRoot = r.NullableString(11),
        SiteUser = r.NullableString(12),
        MatomoSiteId = r.Nullable<int>(13),
        ErrorMessage = r.NullableString(14),
        CloudflareZoneId = r.NullableString(15),
        AssignedNameservers = r.GetFieldValue<string[]>(16),
        RecordIds = JsonSerializer.Deserialize<Dictionary<string, string>>(r.GetString(17)) ?? [],
        Brand = r.NullableString(18),
        Niche = r.NullableString(19),
        Language = r.GetString(20),
        InstanceId = r.NullableString(21),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(22),
        UpdatedAt = r.GetFieldValue<DateTimeOffset>(23),
        ContentTokens = r.GetInt64(24),
        AnalyticsStatus = DbEnum<AnalyticsStatus>.Parse(r.GetString(25)),
        AnalyticsError = r.NullableString(26),
        AnalyticsAttempts = r.GetInt32(27),
        Lifecycle = DbEnum<SiteLifecycle>.Parse(r.GetString(28)),
    };

    public static async Task<List<Site>> ReadAllAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var list = new List<Site>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }
}
