using System.CommandLine;
using Spectre.Console;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf preflight</c>: runs the server's pre-flight checks and prints one row per check and target.</summary>
public static class PreflightCommand
{
    /// <summary>Builds <c>wf preflight</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var quiet = new Option<bool>("--failures-only") { Description = "Print only the checks that failed or warned." };
        var command = new Command("preflight", "Check tokens, IP allow-list, host keys, disks and secret ages before a batch (exit 1 when a check fails).") { json, quiet };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var report = await c.PostAsync("/api/preflight", new { }, ct);
            var ok = report.GetProperty("ok").GetBoolean();
            if (p.GetValue(json))
            {
                cli.Console.WriteJson(report);
                return ok ? ExitCodes.Ok : ExitCodes.Failed;
            }

            var table = new Table().AddColumns("check", "target", "result", "finding", "fix");
            foreach (var row in report.GetProperty("checks").EnumerateArray())
            {
                var result = row.GetProperty("result").GetString()!;
                if (p.GetValue(quiet) && result == "pass")
                {
                    continue;
                }

                table.AddRow(
                    Markup.Escape(row.GetProperty("name").GetString()!),
                    Markup.Escape(row.GetProperty("target").GetString()!),
                    Chip(result),
                    Markup.Escape(row.GetProperty("message").GetString() ?? string.Empty),
                    Markup.Escape(row.GetProperty("fix").GetString() ?? string.Empty));
            }

            cli.Console.Write(table);
            var total = report.GetProperty("checks").GetArrayLength();
            var failed = report.GetProperty("failed").GetInt32();
            var warned = report.GetProperty("warned").GetInt32();
            cli.Console.MarkupLine(ok
                ? $"[green]Pre-flight passed[/]: {total} checks, {warned} warnings."
                : $"[red]Pre-flight failed[/]: {failed} of {total} checks failed, {warned} warnings.");
            return ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static string Chip(string result) => result switch
    {
        "pass" => "[green]pass[/]",
        "warn" => "[yellow]warn[/]",
        _ => "[red]" + Markup.Escape(result) + "[/]",
    };
}
