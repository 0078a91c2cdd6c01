using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Data.Repositories;

/// <summary>Writes and reads <c>wf.server_actions</c> (append-only; a trigger refuses updates and deletes).</summary>
public sealed class ServerActionLog(NpgsqlDataSource dataSource) : IServerActionLog
{
    /// <inheritdoc />
    public async Task<long> AppendAsync(ServerActionEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Outcome is not (StepOutcome.Started or StepOutcome.Succeeded or StepOutcome.Failed))
        {
            throw new EntityValidationException("outcome", "A server action is started, succeeded or failed.");
        }

        await using var cmd = dataSource.Command(
            """
            INSERT INTO wf.server_actions (server_id, server_name, action, target, outcome, message, actor)
            VALUES (@server, @name, @action, @target, @outcome, @message, @actor)
            RETURNING id
            """,
            Sql.P("server", NpgsqlDbType.Uuid, entry.ServerId),
            Sql.P("name", NpgsqlDbType.Text, entry.ServerName),
            Sql.P("action", NpgsqlDbType.Text, ServerActions.Name(entry.Action)),
            Sql.P("target", NpgsqlDbType.Text, entry.Target),
            Sql.P("outcome", NpgsqlDbType.Text, DbEnum<StepOutcome>.Text(entry.Outcome)),
            Sql.P("message", NpgsqlDbType.Text, SecretRedactor.Redact(entry.Message)),
            Sql.P("actor", NpgsqlDbType.Text, string.IsNullOrWhiteSpace(entry.Actor) ? "unknown" : entry.Actor));
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ServerActionEntry>> ListForServerAsync(Guid serverId, int limit = 100, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 1000)
        {
            throw new EntityValidationException("limit", "Limit must be between 1 and 1000.");
        }

        await using var cmd = dataSource.Command(
            "SELECT id, server_id, server_name, action, target, outcome, message, actor, at FROM wf.server_actions WHERE server_id = @server ORDER BY id DESC LIMIT @limit",
            Sql.P("server", NpgsqlDbType.Uuid, serverId),
            Sql.P("limit", NpgsqlDbType.Integer, limit));
        var list = new List<ServerActionEntry>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new ServerActionEntry
            {
                Id = r.GetInt64(0),
                ServerId = r.GetGuid(1),
                ServerName = r.GetString(2),
                Action = ServerActions.TryParse(r.GetString(3), out var action) ? action : throw new InvalidOperationException($"Unknown server action '{r.GetString(3)}' in wf.server_actions."),
                Target = r.NullableString(4),
                Outcome = DbEnum<StepOutcome>.Parse(r.GetString(5)),
                Message = r.NullableString(6),
                Actor = r.GetString(7),
                At = r.GetFieldValue<DateTimeOffset>(8),
            });
        }

        return list;
    }
}
