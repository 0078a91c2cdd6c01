using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.gsc_accounts</c> table.</summary>
public sealed class GscAccountRepository : EntityRepository<GscAccount>, IGscAccountRepository
{
    /// <summary>Creates the repository.</summary>
    public GscAccountRepository(NpgsqlDataSource dataSource) : base(dataSource) { }

    /// <inheritdoc />
    protected override string Table => "wf.gsc_accounts";

    /// <inheritdoc />
    protected override string EntityName => "Search Console account";

    /// <inheritdoc />
    protected override string NameColumn => "account_nickname";

    /// <inheritdoc />
    protected override IReadOnlyList<string> WritableColumns { get; } =
        ["email", "account_nickname", "oauth_client_id", "oauth_client_secret_name", "credentials_secret_name"];

    /// <inheritdoc />
    public Task<GscAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default) =>
        GetByNameColumnAsync(nickname, cancellationToken);

    /// <inheritdoc />
    protected override (string Field, string? Value)? UniqueField(string constraintName, GscAccount entity) => constraintName switch
    {
        "gsc_accounts_email_key" => ("email", entity.Email),
        "gsc_accounts_account_nickname_key" => ("account_nickname", entity.AccountNickname),
        "gsc_accounts_pkey" => ("id", entity.Id.ToString()),
        _ => null,
    };

    /// <inheritdoc />
    protected override GscAccount Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
        Email = reader.GetString(2),
        AccountNickname = reader.GetString(3),
        OAuthClientId = reader.NullableString(4),
        OAuthClientSecretName = reader.NullableString(5) is { } s ? SecretName.Parse(s, CultureInfo.InvariantCulture) : null,
        CredentialsSecretName = SecretName.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    protected override IEnumerable<NpgsqlParameter> Parameters(GscAccount entity) =>
    [
        Sql.P("email", NpgsqlDbType.Text, entity.Email),
        Sql.P("account_nickname", NpgsqlDbType.Text, entity.AccountNickname),
        Sql.P("oauth_client_id", NpgsqlDbType.Text, entity.OAuthClientId),
        Sql.P("oauth_client_secret_name", NpgsqlDbType.Text, entity.OAuthClientSecretName?.Value),
        Sql.P("credentials_secret_name", NpgsqlDbType.Text, entity.CredentialsSecretName.Value),
    ];

    /// <inheritdoc />
    protected override Guid IdOf(GscAccount entity) => entity.Id;

    /// <inheritdoc />
    protected override IReadOnlyList<FieldError> Validate(GscAccount entity) => entity.Validate();
}
