using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Pipeline step updates (<see cref="ISiteStateStore"/>): the row and its event in one statement.</summary>
public sealed partial class SiteRepository
{
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
}
