using System.Globalization;
using System.Net;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Data.Repositories;

/// <summary>The <c>wf.servers</c> table.</summary>
public sealed class HostingServerRepository : EntityRepository<HostingServer>, IHostingServerRepository
{
    /// <summary>Creates the repository.</summary>
    public HostingServerRepository(NpgsqlDataSource dataSource) : base(dataSource) { }

    /// <inheritdoc />
    protected override string Table => "wf.servers";

    /// <inheritdoc />
    protected override string EntityName => "server";

    /// <inheritdoc />
    protected override string NameColumn => "name";

    /// <inheritdoc />
    protected override IReadOnlyList<string> WritableColumns { get; } =
        ["name", "address", "public_ip", "ssh_port", "ssh_user", "ssh_key_secret_name", "host_key_fingerprint"];

    /// <inheritdoc />
    public Task<HostingServer?> GetByNameAsync(string name, CancellationToken cancellationToken = default) =>
        GetByNameColumnAsync(name, cancellationToken);

    /// <inheritdoc />
    protected override (string Field, string? Value)? UniqueField(string constraintName, HostingServer entity) => constraintName switch
    {
        "servers_name_key" => ("name", entity.Name),
        "servers_pkey" => ("id", entity.Id.ToString()),
        _ => null,
    };

    /// <inheritdoc />
    protected override HostingServer Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(1),
        Name = reader.GetString(2),
        Address = reader.GetString(3),
        PublicIp = reader.IsDBNull(4) ? null : reader.GetFieldValue<IPAddress>(4),
        SshPort = reader.GetInt32(5),
        SshUser = reader.GetString(6),
        SshKeySecretName = SecretName.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
        HostKeyFingerprint = SshHostKeyFingerprint.Parse(reader.GetString(8), CultureInfo.InvariantCulture),
    };

    /// <inheritdoc />
    protected override IEnumerable<NpgsqlParameter> Parameters(HostingServer entity) =>
    [
        Sql.P("name", NpgsqlDbType.Text, entity.Name),
        Sql.P("address", NpgsqlDbType.Text, entity.Address),
        Sql.P("public_ip", NpgsqlDbType.Inet, entity.PublicIp),
        Sql.P("ssh_port", NpgsqlDbType.Integer, entity.SshPort),
        Sql.P("ssh_user", NpgsqlDbType.Text, entity.SshUser),
        Sql.P("ssh_key_secret_name", NpgsqlDbType.Text, entity.SshKeySecretName.Value),
        Sql.P("host_key_fingerprint", NpgsqlDbType.Text, entity.HostKeyFingerprint.Value),
    ];

    /// <inheritdoc />
    protected override Guid IdOf(HostingServer entity) => entity.Id;

    /// <inheritdoc />
    protected override IReadOnlyList<FieldError> Validate(HostingServer entity) =>
        entity.Validate(allowRootSsh: true); // whether root may log in is the edge's policy (Servers:AllowRootSsh); the store keeps what it allowed
}
