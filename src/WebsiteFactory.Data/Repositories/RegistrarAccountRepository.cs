using System.Globalization;
using System.Net;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using RegistrarAccount = WebsiteFactory.Core.Domain.RegistrarAccount;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.registrar_accounts</c> table.</summary>
public sealed class RegistrarAccountRepository : EntityRepository<RegistrarAccount>, IRegistrarAccountRepository
{
    /// <summary>Creates the repository.</summary>
    public RegistrarAccountRepository(NpgsqlDataSource dataSource) : base(dataSource) { }

    /// <inheritdoc />
    protected override string Table => "wf.registrar_accounts";

    /// <inheritdoc />
    protected override string EntityName => "registrar account";

    /// <inheritdoc />
    protected override string NameColumn => "account_nickname";

    /// <inheritdoc />
    protected override IReadOnlyList<string> WritableColumns { get; } =
        ["provider", "account_nickname", "api_user", "api_key_secret_name", "api_secret_secret_name", "client_ip"];

    /// <inheritdoc />
    public Task<RegistrarAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default) =>
        GetByNameColumnAsync(nickname, cancellationToken);

    /// <inheritdoc />
    protected override (string Field, string? Value)? UniqueField(string constraintName, RegistrarAccount entity) => constraintName switch
    {
        "registrar_accounts_account_nickname_key" => ("account_nickname", entity.AccountNickname),
        "registrar_accounts_pkey" => ("id", entity.Id.ToString()),
        _ => null,
    };

    /// <inheritdoc />
    protected override RegistrarAccount Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
        Provider = DbEnum<RegistrarProvider>.Parse(reader.GetString(2)),
        AccountNickname = reader.GetString(3),
        ApiUser = reader.NullableString(4),
        ApiKeySecretName = SecretName.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
        ApiSecretSecretName = reader.NullableString(6) is { } s ? SecretName.Parse(s, CultureInfo.InvariantCulture) : null,
        ClientIp = reader.IsDBNull(7) ? null : reader.GetFieldValue<IPAddress>(7),
    };

    /// <inheritdoc />
    protected override IEnumerable<NpgsqlParameter> Parameters(RegistrarAccount entity) =>
    [
        Sql.P("provider", NpgsqlDbType.Text, DbEnum<RegistrarProvider>.Text(entity.Provider)),
        Sql.P("account_nickname", NpgsqlDbType.Text, entity.AccountNickname),
        Sql.P("api_user", NpgsqlDbType.Text, entity.ApiUser),
        Sql.P("api_key_secret_name", NpgsqlDbType.Text, entity.ApiKeySecretName.Value),
        Sql.P("api_secret_secret_name", NpgsqlDbType.Text, entity.ApiSecretSecretName?.Value),
        Sql.P("client_ip", NpgsqlDbType.Inet, entity.ClientIp),
    ];

    /// <inheritdoc />
    protected override Guid IdOf(RegistrarAccount entity) => entity.Id;

    /// <inheritdoc />
    protected override IReadOnlyList<FieldError> Validate(RegistrarAccount entity) => entity.Validate();
}
