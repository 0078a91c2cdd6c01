using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf instances list|show|terminate|rewind|purge</c> over the Durable Functions management API.</summary>
public static class InstancesCommands
{
    private const string Base = "/runtime/webhooks/durabletask/instances";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        var instances = new Command("instances", "Orchestration instances (Durable Functions management API).");

        var status = new Option<string?>("--status") { Description = "Comma list: Running, Completed, Failed, Terminated, Pending, Suspended." };
        var prefix = new Option<string?>("--prefix") { Description = "Instance id prefix, e.g. provision-." };
        var top = new Option<int>("--top") { Description = "At most this many.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List instances, newest first.") { status, prefix, top };
        list.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var q = $"?showInput=false&top={p.GetValue(top)}" + (p.GetValue(status) is { } s ? "&runtimeStatus=" + Uri.EscapeDataString(s) : string.Empty)
                + (p.GetValue(prefix) is { } pre ? "&instanceIdPrefix=" + Uri.EscapeDataString(pre) : string.Empty);
            var items = await c.GetAsync(Base + q, ct);
            var table = new Table().AddColumns("instance", "name", "status", "created", "updated");
            foreach (var i in items.EnumerateArray())
            {
                table.AddRow(Markup.Escape(i.GetProperty("instanceId").GetString()!), i.GetProperty("name").GetString()!, Color(i.GetProperty("runtimeStatus").GetString()), i.GetProperty("createdTime").GetString()!, i.GetProperty("lastUpdatedTime").GetString()!);
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }));

        var id = new Argument<string>("id") { Description = "The instance id." };
        var history = new Option<bool>("--history") { Description = "Include the history." };
        var show = new Command("show", "Show an instance's status (and history).") { id, history };
        show.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var i = await c.GetAsync($"{Base}/{Uri.EscapeDataString(p.GetValue(id)!)}{(p.GetValue(history) ? "?showHistory=true&showHistoryOutput=true" : string.Empty)}", ct);
            cli.Console.WriteJson(JsonSerializer.Serialize(i, Indented));
            return ExitCodes.Ok;
        }));

        var reason = new Option<string?>("--reason") { Description = "Recorded in the history." };
        instances.Subcommands.Add(list);
        instances.Subcommands.Add(show);
        foreach (var (name, description) in new[] { ("terminate", "Terminate a running instance."), ("rewind", "Rewind a failed instance (re-runs failed steps only)."), ("suspend", "Suspend a running instance."), ("resume", "Resume a suspended instance.") })
        {
            var cmd = new Command(name, description) { id, reason };
            cmd.SetAction(cli.WithClient(async (c, p, ct) =>
            {
                var q = p.GetValue(reason) is { } r ? "?reason=" + Uri.EscapeDataString(r) : string.Empty;
                await c.PostAsync($"{Base}/{Uri.EscapeDataString(p.GetValue(id)!)}/{name}{q}", null, ct);
                cli.Console.MarkupLine($"{name}: accepted.");
                return ExitCodes.Ok;
            }));
            instances.Subcommands.Add(cmd);
        }

        var purge = new Command("purge", "Delete a finished instance and its history.") { id };
        purge.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var r = await c.SendAsync(HttpMethod.Delete, $"{Base}/{Uri.EscapeDataString(p.GetValue(id)!)}", null, ct);
            cli.Console.MarkupLine($"Purged {r.GetProperty("instancesDeleted").GetInt32()} instance(s).");
            return ExitCodes.Ok;
        }));
        instances.Subcommands.Add(purge);
        return instances;
    }

    private static string Color(string? status) => status switch
    {
        "Completed" => "[green]Completed[/]",
        "Failed" or "Terminated" => $"[red]{status}[/]",
        _ => $"[blue]{Markup.Escape(status ?? "?")}[/]",
    };
}
