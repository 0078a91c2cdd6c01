using Npgsql;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

/// <summary><c>wf.server_actions</c>: entries round-trip newest first with their actor, secrets are redacted, and rows cannot be changed or removed.</summary>
public sealed class ServerActionLogTests(MigratedDatabase db) : IClassFixture<MigratedDatabase>
{
    private readonly ServerActionLog _log = new(db.DataSource);

    [Fact]
    public async Task AppendAndList_StartedThenOutcome_NewestFirstWithTheActor()
    {
        var server = Guid.NewGuid();
        var started = new ServerActionEntry { ServerId = server, ServerName = "web-1", Action = ServerAction.RenewCertificate, Target = "example.com", Outcome = StepOutcome.Started, Actor = "key:ops" };
        var first = await _log.AppendAsync(started);
        var second = await _log.AppendAsync(started with { Outcome = StepOutcome.Failed, Message = "token=sk-abcdefghijklmnopqrstuvwxyz0123456789 rejected" });

        var rows = await _log.ListForServerAsync(server);

        Assert.True(second > first);
        Assert.Equal([(second, StepOutcome.Failed), (first, StepOutcome.Started)], rows.Select(r => (r.Id, r.Outcome)));
        Assert.All(rows, r => Assert.Equal(("web-1", ServerAction.RenewCertificate, "example.com", "key:ops"), (r.ServerName, r.Action, r.Target, r.Actor)));
        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwxyz0123456789", rows[0].Message, StringComparison.Ordinal);
        Assert.Empty(await _log.ListForServerAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Rows_UpdateDeleteOrTruncate_AreRefused()
    {
        var server = Guid.NewGuid();
        await _log.AppendAsync(new ServerActionEntry { ServerId = server, ServerName = "web-2", Action = ServerAction.ReloadNginx, Outcome = StepOutcome.Succeeded, Actor = "admin" });

        foreach (var sql in new[] { $"UPDATE wf.server_actions SET actor = 'someone-else' WHERE server_id = '{server}'", $"DELETE FROM wf.server_actions WHERE server_id = '{server}'", "TRUNCATE wf.server_actions" })
        {
            await using var cmd = db.DataSource.CreateCommand(sql);
            var e = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("admin", Assert.Single(await _log.ListForServerAsync(server)).Actor);
    }
}
