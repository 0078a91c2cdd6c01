using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf drift [--fix] [--json] [--last]</c>: runs the reconcile (<c>POST /api/drift</c>, or <c>/api/drift/fix</c>), follows
/// it, then prints the report (<c>GET /api/drift</c>): counts, and one row per orphan, ghost and drifted resource.
/// </summary>
/// <remarks>Exit 0 when the vendors match the database, 1 when something was found (or a scan failed), 2 on bad usage.</remarks>
public static class DriftCommand
{
    /// <summary>Builds <c>wf drift</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var fix = new Option<bool>("--fix") { Description = "Also delete the orphan DNS records that carry the ownership marker (admin key; unmarked records are never deleted)." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (no progress lines)." };
        var last = new Option<bool>("--last") { Description = "Print the latest stored report without running a new reconcile." };
        var command = new Command("drift", "Compare the database with Cloudflare, the registrars, CloudPanel, Matomo and Search Console: orphans, ghosts and drift (exit 1 when any).")
        {
            fix, json, last,
        };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var quiet = p.GetValue(json);
            if (p.GetValue(last) && p.GetValue(fix))
            {
                cli.Console.MarkupLine("[red]--last and --fix exclude each other.[/]");
                return ExitCodes.Usage;
            }

            if (!p.GetValue(last))
            {
                var started = await c.PostAsync(p.GetValue(fix) ? "/api/drift/fix" : "/api/drift", null, ct);
                var id = started.GetProperty("id").GetString()!;
                var runtime = await FollowAsync(cli, c, id, quiet, ct);
                if (runtime != "Completed")
                {
                    cli.Console.MarkupLine($"[red]reconcile {Markup.Escape(runtime)}[/] ({Markup.Escape(id)}); see wf instances show {Markup.Escape(id)}.");
                    return ExitCodes.Failed;
                }
            }

            var report = await c.GetAsync("/api/drift", ct);
            if (quiet)
            {
                cli.Console.WriteJson(report);
            }
            else
            {
                Print(cli, report);
            }

            var found = report.GetProperty("findings").GetArrayLength() - Count(report, "fixed");
            return found == 0 && report.GetProperty("errors").GetArrayLength() == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>Polls the instance, printing each new phase of its custom status (listing, scanning, fixing, done).</summary>
    private static async Task<string> FollowAsync(CliContext cli, WfClient c, string id, bool quiet, CancellationToken ct)
    {
        if (!quiet)
        {
            cli.Console.MarkupLine($"Reconcile [blue]{Markup.Escape(id)}[/] started.");
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        string? lastPhase = null;
        while (true)
        {
            var status = await c.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}?showInput=false", ct);
            var runtime = status.GetProperty("runtimeStatus").GetString() ?? "Unknown";
            if (status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object
                && custom.TryGetProperty("phase", out var phase) && phase.GetString() is { } now && now != lastPhase)
            {
                lastPhase = now;
                if (!quiet)
                {
                    var scans = custom.TryGetProperty("scans", out var n) ? $" ({n.GetInt32()} scans)" : string.Empty;
                    cli.Console.MarkupLine($"  {Markup.Escape(now)}{Markup.Escape(scans)}…");
                }
            }

            if (runtime is not ("Pending" or "Running" or "Suspended"))
            {
                return runtime;
            }

            await timer.WaitForNextTickAsync(ct);
        }
    }

    private static void Print(CliContext cli, JsonElement report)
    {
        var table = new Table().AddColumns("kind", "vendor", "resource", "marked", "detail");
        foreach (var f in report.GetProperty("findings").EnumerateArray())
        {
            var kind = f.GetProperty("kind").GetString() ?? "?";
            table.AddRow(
                Chip(kind, f.GetProperty("fixed").GetBoolean()),
                Markup.Escape(f.GetProperty("vendor").GetString() ?? string.Empty),
                Markup.Escape(f.GetProperty("resource").GetString() ?? string.Empty),
                f.GetProperty("marked").GetBoolean() ? "yes" : string.Empty,
                Markup.Escape(f.GetProperty("detail").GetString() ?? string.Empty));
        }

        if (report.GetProperty("findings").GetArrayLength() > 0)
        {
            cli.Console.Write(table);
        }

        foreach (var error in report.GetProperty("errors").EnumerateArray())
        {
            cli.Console.MarkupLine($"[red]not scanned:[/] {Markup.Escape(error.GetString() ?? string.Empty)}");
        }

        cli.Console.MarkupLine(
            $"{Count(report, "orphans")} orphans, {Count(report, "ghosts")} ghosts, {Count(report, "drifted")} drifted; " +
            $"{Count(report, "fixed")} fixed, {Count(report, "fixable")} fixable with wf drift --fix " +
            $"(report {Markup.Escape(report.GetProperty("instance_id").GetString() ?? "?")}).");
    }

    private static int Count(JsonElement report, string name) => report.GetProperty(name).GetInt32();

    private static string Chip(string kind, bool done) => done ? "[green]fixed[/]" : kind switch
    {
        "orphan" => "[yellow]orphan[/]",
        "ghost" => "[red]ghost[/]",
        _ => "[blue]" + Markup.Escape(kind) + "[/]",
    };
}
