using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf servers status|disk|certs|logs|action &lt;server&gt;</c>: the server console (admin API key). <c>certs</c> exits 1 when
/// a certificate needs attention, so it can run from cron; <c>action</c> asks before it runs unless <c>--yes</c>.
/// </summary>
public static class ServerConsoleCommands
{
    /// <summary>Adds the console commands to <c>wf servers</c>.</summary>
    /// <param name="servers">The <c>servers</c> command.</param>
    /// <param name="cli">The shared context.</param>
    public static void AddTo(Command servers, CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(cli);
        servers.Subcommands.Add(Status(cli));
        servers.Subcommands.Add(Disk(cli));
        servers.Subcommands.Add(Certificates(cli));
        servers.Subcommands.Add(Logs(cli));
        servers.Subcommands.Add(Action(cli));
    }

    private static Argument<string> ServerArgument() => new("server") { Description = "Server name or id." };

    private static async Task<string> ServerPathAsync(WfClient c, string server, CancellationToken ct) =>
        $"/api/servers/{await SitesCommands.ResolveAsync(c, "/api/servers", "name", server, "server", ct)}";

    private static Command Status(CliContext cli)
    {
        var server = ServerArgument();
        var command = new Command("status", "Services (nginx, php-fpm, …), load and memory of a server.") { server };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var s = await c.GetAsync($"{await ServerPathAsync(c, p.GetValue(server)!, ct)}/status", ct);
            var table = new Table().AddColumns("service", "state");
            var down = 0;
            foreach (var svc in s.GetProperty("services").EnumerateArray())
            {
                var installed = svc.GetProperty("installed").GetBoolean();
                var running = svc.GetProperty("running").GetBoolean();
                down += installed && !running ? 1 : 0;
                var state = $"{svc.GetProperty("active_state").GetString()} ({svc.GetProperty("sub_state").GetString()})";
                table.AddRow(Markup.Escape(svc.GetProperty("name").GetString()!), !installed ? "[grey]not installed[/]" : running ? $"[green]{Markup.Escape(state)}[/]" : $"[red]{Markup.Escape(state)}[/]");
            }

            cli.Console.Write(table);
            var load = string.Join(' ', s.GetProperty("load").EnumerateArray().Select(l => l.GetDouble().ToString("0.00", CultureInfo.InvariantCulture)));
            cli.Console.MarkupLine($"load {load}; memory {Gib(s.GetProperty("memory_total_bytes").GetInt64() - s.GetProperty("memory_available_bytes").GetInt64())} used of {Gib(s.GetProperty("memory_total_bytes").GetInt64())}");
            return down > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Disk(CliContext cli)
    {
        var server = ServerArgument();
        var command = new Command("disk", "Disk usage of a server's file systems.") { server };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var rows = await c.GetAsync($"{await ServerPathAsync(c, p.GetValue(server)!, ct)}/disk", ct);
            var table = new Table().AddColumns("mount", "used", "free", "size");
            foreach (var d in rows.EnumerateArray())
            {
                var pct = d.GetProperty("used_percent").GetInt32();
                table.AddRow(
                    Markup.Escape(d.GetProperty("mount").GetString()!),
                    pct >= 90 ? $"[red]{pct}%[/]" : $"{pct}%",
                    Gib(d.GetProperty("available_bytes").GetInt64()),
                    Gib(d.GetProperty("size_bytes").GetInt64()));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Certificates(CliContext cli)
    {
        var server = ServerArgument();
        var warningsOnly = new Option<bool>("--warnings-only") { Description = "Only certificates that need attention." };
        var command = new Command("certs", "Certificate expiry per site (exit 1 when one has under 14 days, is expired or missing).") { server, warningsOnly };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var body = await c.GetAsync($"{await ServerPathAsync(c, p.GetValue(server)!, ct)}/certificates", ct);
            var table = new Table().AddColumns("domain", "expires", "days left", "issuer");
            var warnings = 0;
            foreach (var cert in body.GetProperty("certificates").EnumerateArray())
            {
                var warn = cert.GetProperty("warning").GetBoolean();
                warnings += warn ? 1 : 0;
                if (p.GetValue(warningsOnly) && !warn)
                {
                    continue;
                }

                var days = cert.GetProperty("days_left").ValueKind == JsonValueKind.Number ? cert.GetProperty("days_left").GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
                var expires = cert.GetProperty("not_after").ValueKind == JsonValueKind.String ? cert.GetProperty("not_after").GetDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : cert.GetProperty("problem").GetString() ?? "-";
                table.AddRow(
                    Markup.Escape(cert.GetProperty("domain").GetString()!),
                    Markup.Escape(expires),
                    warn ? $"[red]{days}[/]" : days,
                    Markup.Escape(cert.GetProperty("issuer").GetString() ?? "-"));
            }

            cli.Console.Write(table);
            var threshold = body.GetProperty("warning_days").GetInt32();
            cli.Console.MarkupLine(warnings > 0 ? $"[red]{warnings} certificate(s) need attention[/] (under {threshold} days, expired or missing)." : $"[green]All certificates valid for {threshold}+ days.[/]");
            return warnings > 0 ? ExitCodes.Failed : ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Logs(CliContext cli)
    {
        var server = ServerArgument();
        var site = new Option<string>("--site") { Required = true, Description = "The site's domain." };
        var error = new Option<bool>("--error") { Description = "The nginx error log (default: the access log)." };
        var lines = new Option<int>("--lines", "-n") { Description = "How many lines (1-1000).", DefaultValueFactory = _ => 100 };
        var filter = new Option<string?>("--filter") { Description = "Only lines containing this text (case-insensitive, taken literally)." };
        var command = new Command("logs", "The last lines of a site's nginx access or error log.") { server, site, error, lines, filter };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var query = $"site={Uri.EscapeDataString(p.GetValue(site)!)}&kind={(p.GetValue(error) ? "error" : "access")}&lines={p.GetValue(lines).ToString(CultureInfo.InvariantCulture)}"
                + (p.GetValue(filter) is { Length: > 0 } f ? $"&filter={Uri.EscapeDataString(f)}" : string.Empty);
            var log = await c.GetAsync($"{await ServerPathAsync(c, p.GetValue(server)!, ct)}/logs?{query}", ct);
            if (!log.GetProperty("found").GetBoolean())
            {
                cli.Console.MarkupLine($"[yellow]No log file yet[/] ({Markup.Escape(log.GetProperty("path").GetString()!)}).");
                return ExitCodes.Ok;
            }

            foreach (var line in log.GetProperty("lines").EnumerateArray())
            {
                // Plain text, never markup: a log line is whatever a visitor sent (the server already replaced control characters).
                cli.Console.WriteLine(line.GetString() ?? string.Empty);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Action(CliContext cli)
    {
        var server = ServerArgument();
        var action = new Argument<string>("action") { Description = "reload-nginx or renew-certificate." };
        var site = new Option<string?>("--site") { Description = "The site (renew-certificate)." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask to confirm." };
        var command = new Command("action", "Run an allow-listed action on a server (reload-nginx, renew-certificate --site); audited with your API key's name.") { server, action, site, yes };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var name = p.GetValue(action)!;
            var path = await ServerPathAsync(c, p.GetValue(server)!, ct);
            if (!p.GetValue(yes))
            {
                cli.Console.Markup($"Run [bold]{Markup.Escape(name)}[/]{(p.GetValue(site) is { } s ? " for " + Markup.Escape(s) : string.Empty)} on {Markup.Escape(p.GetValue(server)!)}? Type yes to confirm: ");
                if (!string.Equals((await cli.Input.ReadLineAsync(ct))?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
                {
                    cli.Console.MarkupLine("[yellow]Not confirmed; nothing was run.[/]");
                    return ExitCodes.Usage;
                }
            }

            var result = await c.PostAsync($"{path}/actions/{Uri.EscapeDataString(name)}", new { site = p.GetValue(site) }, ct);
            var ok = result.GetProperty("succeeded").GetBoolean();
            cli.Console.MarkupLine($"{(ok ? "[green]✓[/]" : "[red]✗[/]")} {Markup.Escape(result.GetProperty("message").GetString() ?? string.Empty)}");
            return ok ? ExitCodes.Ok : ExitCodes.Failed;
        }));
        return command;
    }

    private static string Gib(long bytes) => (bytes / 1024.0 / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
