using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.cloudflare_accounts</c> table.</summary>
public sealed class CloudflareAccountRepository : EntityRepository<CloudflareAccount>, ICloudflareAccountRepository
{
    /// <summary>Creates the repository.</summary>
    public CloudflareAccountRepository(NpgsqlDataSource dataSource) : base(dataSource) { }

    /// <inheritdoc />
    protected override string Table => "wf.cloudflare_accounts";

    /// <inheritdoc />
    protected override string EntityName => "cloudflare account";

    /// <inheritdoc />
    protected override string NameColumn => "account_nickname";

    /// <inheritdoc />
    protected override IReadOnlyList<string> WritableColumns { get; } =
        ["email", "account_nickname", "cloudflare_account_id", "api_token_secret_name"];

    /// <inheritdoc />
    public Task<CloudflareAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default) =>
        GetByNameColumnAsync(nickname, cancellationToken);

    /// <inheritdoc />
    protected override (string Field, string? Value)? UniqueField(string constraintName, CloudflareAccount entity) => constraintName switch
    {
        "cloudflare_accounts_email_key" => ("email", entity.Email),
        "cloudflare_accounts_account_nickname_key" => ("account_nickname", entity.AccountNickname),
        "cloudflare_accounts_pkey" => ("id", entity.Id.ToString()),
        _ => null,
    };

    /// <inheritdoc />
    protected override CloudflareAccount Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
        Email = reader.GetString(2),
        AccountNickname = reader.GetString(3),
        CloudflareAccountId = reader.GetString(4),
        ApiTokenSecretName = SecretName.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    protected override IEnumerable<NpgsqlParameter> Parameters(CloudflareAccount entity) =>
    [
        Sql.P("email", NpgsqlDbType.Text, entity.Email),
        Sql.P("account_nickname", NpgsqlDbType.Text, entity.AccountNickname),
        Sql.P("cloudflare_account_id", NpgsqlDbType.Text, entity.CloudflareAccountId),
        Sql.P("api_token_secret_name", NpgsqlDbType.Text, entity.ApiTokenSecretName.Value),
    ];

    /// <inheritdoc />
    protected override Guid IdOf(CloudflareAccount entity) => entity.Id;

    /// <inheritdoc />
    protected override IReadOnlyList<FieldError> Validate(CloudflareAccount entity) => entity.Validate();
}
