using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf plan &lt;domains…|--all-pending&gt; [--teardown] [--json] [--show-unchanged] [--detailed-exitcode]</c>: what
/// provisioning (or teardown) would create, update or delete per site and vendor, from read-only calls
/// (<c>POST /api/plan</c>), printed like <c>terraform plan</c>: <c>+</c> create, <c>~</c> update, <c>-</c> delete.
/// </summary>
/// <remarks>
/// Named domains are planned <see cref="ChunkSize"/> per request, with a progress line after each, so a long list shows
/// progress and stays under the server's per-request cap. Exit codes: 0 when the plan is complete (with or without
/// changes), 1 when a vendor could not be read for some site (the plan is incomplete) or the request failed, 2 for bad
/// usage or input the server rejected; with <c>--detailed-exitcode</c>, 3 when the plan is complete and lists changes
/// (terraform's <c>-detailed-exitcode</c>, moved to 3 because 2 already means bad usage here), so scripts can tell
/// "nothing to do" (0) from "changes pending" (3).
/// </remarks>
public static class PlanCommand
{
    /// <summary>Sites per request when domains are named.</summary>
    public const int ChunkSize = 25;

    /// <summary>Exit code of <c>--detailed-exitcode</c> when the plan lists changes.</summary>
    public const int ChangesPending = 3;

    /// <summary>Builds <c>wf plan</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var domains = new Argument<string[]>("domains") { Description = "Domains (or site ids) to plan.", Arity = ArgumentArity.ZeroOrMore };
        var allPending = new Option<bool>("--all-pending") { Description = "Plan every site that has not started (provisioning only)." };
        var teardown = new Option<bool>("--teardown") { Description = "Plan what a teardown would delete instead of what provisioning would create." };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };
        var unchanged = new Option<bool>("--show-unchanged") { Description = "Also list resources that stay as they are." };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 3 when the plan lists changes, 0 when there is nothing to do." };
        var command = new Command("plan", "Preview what provisioning (or --teardown) would create, update or delete per site and vendor; read-only, changes nothing.")
        {
            domains, allPending, teardown, json, unchanged, detailed,
        };
        command.Validators.Add(r =>
        {
            var count = r.GetValue(domains)?.Length ?? 0;
            if (r.GetValue(allPending) == (count > 0))
            {
                r.AddError("Give one or more domains, or --all-pending.");
            }
            else if (r.GetValue(allPending) && r.GetValue(teardown))
            {
                r.AddError("--all-pending plans provisioning; name the sites whose teardown to plan.");
            }
        });
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var mode = p.GetValue(teardown) ? "teardown" : "provision";
            var asJson = p.GetValue(json);
            var list = p.GetValue(domains) ?? [];
            var sites = new List<JsonElement>();
            if (list.Length == 0)
            {
                if (!asJson)
                {
                    cli.Console.MarkupLine($"Planning every pending site ({mode}); read-only, nothing changes…");
                }

                sites.AddRange((await c.PostAsync("/api/plan", new { all_pending = true, mode }, ct)).GetProperty("sites").EnumerateArray());
            }
            else
            {
                var named = list.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var total = named.Count;
                foreach (var chunk in named.Chunk(ChunkSize))
                {
                    var report = await c.PostAsync("/api/plan", new { domains = chunk, mode }, ct);
                    sites.AddRange(report.GetProperty("sites").EnumerateArray());
                    if (!asJson)
                    {
                        cli.Console.MarkupLine($"[grey]planned {sites.Count}/{total} sites ({mode}, read-only)[/]");
                    }
                }
            }

            var changes = sites.SelectMany(s => s.GetProperty("changes").EnumerateArray()).ToList();
            int Count(string action) => changes.Count(x => x.GetProperty("action").GetString() == action);
            var totals = (Create: Count("create"), Update: Count("update"), Delete: Count("delete"), NoOp: Count("no_op"));
            var withErrors = sites.Count(s => s.GetProperty("errors").GetArrayLength() > 0);
            var hasChanges = totals.Create + totals.Update + totals.Delete > 0;
            if (asJson)
            {
                cli.Console.WriteJson(Json(mode, sites, totals, withErrors, hasChanges));
            }
            else
            {
                Print(cli.Console, sites, p.GetValue(unchanged));
                cli.Console.MarkupLine(
                    $"Plan ({mode}): [green]{totals.Create} to create[/], [yellow]{totals.Update} to update[/], [red]{totals.Delete} to delete[/], {totals.NoOp} unchanged, across {sites.Count} sites."
                    + (withErrors > 0 ? $" [red]{withErrors} sites could not be fully read[/] (see the errors above)." : string.Empty));
            }

            return withErrors > 0 ? ExitCodes.Failed : p.GetValue(detailed) && hasChanges ? ChangesPending : ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, List<JsonElement> sites, bool showUnchanged)
    {
        foreach (var site in sites)
        {
            var domain = Markup.Escape(site.GetProperty("domain").GetString()!);
            var rows = site.GetProperty("changes").EnumerateArray().Where(x => showUnchanged || x.GetProperty("action").GetString() != "no_op").ToList();
            var errors = site.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList();
            if (rows.Count == 0 && errors.Count == 0)
            {
                console.MarkupLine($"[bold]{domain}[/]: no changes.");
                continue;
            }

            var table = new Table().Title($"[bold]{domain}[/]").AddColumns(" ", "vendor", "resource", "change", "why");
            foreach (var row in rows)
            {
                table.AddRow(
                    Symbol(row.GetProperty("action").GetString()!),
                    Markup.Escape(row.GetProperty("vendor").GetString()!),
                    Markup.Escape(row.GetProperty("resource").GetString()!),
                    Markup.Escape(Change(row)),
                    Markup.Escape(row.GetProperty("detail").GetString() ?? string.Empty));
            }

            console.Write(table);
            foreach (var error in errors)
            {
                console.MarkupLine($"[red]! could not read[/] {Markup.Escape(error)}");
            }
        }
    }

    private static string Change(JsonElement row)
    {
        var before = row.GetProperty("before").GetString();
        var after = row.GetProperty("after").GetString();
        return (before, after) switch
        {
            (null, null) => string.Empty,
            (null, _) => after!,
            (_, null) => before!,
            _ => $"{before} → {after}",
        };
    }

    private static string Symbol(string action) => action switch
    {
        "create" => "[green]+[/]",
        "update" => "[yellow]~[/]",
        "delete" => "[red]-[/]",
        _ => "[grey]=[/]",
    };

    private static string Json(string mode, List<JsonElement> sites, (int Create, int Update, int Delete, int NoOp) totals, int withErrors, bool hasChanges)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("mode", mode);
            w.WriteStartArray("sites");
            foreach (var s in sites)
            {
                s.WriteTo(w);
            }

            w.WriteEndArray();
            w.WriteNumber("creates", totals.Create);
            w.WriteNumber("updates", totals.Update);
            w.WriteNumber("deletes", totals.Delete);
            w.WriteNumber("unchanged", totals.NoOp);
            w.WriteNumber("sites_with_errors", withErrors);
            w.WriteBoolean("has_changes", hasChanges);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
