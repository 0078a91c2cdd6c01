using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf teardown &lt;domain&gt; [--yes] [--rollback]</c>: removes a site's resources at every vendor
/// (<c>POST /api/sites/{domain}/teardown</c>); with <c>--rollback</c>, the rollback of its failed provisioning
/// (<c>?rollback=true</c>): the same steps, and the site stays, not provisioned.
/// </summary>
public static class TeardownCommands
{
    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var domain = new Argument<string>("domain") { Description = "The site to tear down." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask to type the domain to confirm." };
        var noWait = new Option<bool>("--no-wait") { Description = "Start and return without following it." };
        var rollback = new Option<bool>("--rollback") { Description = "Roll back the site's failed provisioning: the same steps, but the site stays (active, not provisioned) instead of deleted." };
        var command = new Command("teardown",
            "Delete a site's Cloudflare zone and records, CloudPanel site (with releases and certificate) and Matomo site; the site row is kept as deleted. Asks to type the domain unless --yes.")
        {
            domain, yes, noWait, rollback,
        };
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var d = p.GetValue(domain)!;
            var undo = p.GetValue(rollback);
            if (!p.GetValue(yes))
            {
                cli.Console.MarkupLine(undo
                    ? $"This deletes what the failed provisioning of [bold]{Markup.Escape(d)}[/] created at Cloudflare, CloudPanel and Matomo. It cannot be undone."
                    : $"This deletes [bold]{Markup.Escape(d)}[/] at Cloudflare, CloudPanel and Matomo. It cannot be undone.");
                cli.Console.Markup("Type the domain to confirm: ");
                var typed = (await cli.Input.ReadLineAsync(ct))?.Trim();
                if (!string.Equals(typed, d, StringComparison.OrdinalIgnoreCase))
                {
                    cli.Console.MarkupLine("[yellow]Not confirmed; nothing was changed.[/]");
                    return ExitCodes.Usage;
                }
            }

            var payload = await c.PostAsync($"/api/sites/{Uri.EscapeDataString(d)}/teardown{(undo ? "?rollback=true" : string.Empty)}", null, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine($"{(undo ? "Rolling back" : "Tearing down")} ([blue]{Markup.Escape(id)}[/])…");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            var status = await c.WaitForInstanceAsync(id, TimeSpan.FromSeconds(1), ct);
            var runtime = status.GetProperty("runtimeStatus").GetString();
            var output = status.TryGetProperty("output", out var o) ? o : default;
            if (runtime != "Completed" || output.ValueKind != JsonValueKind.Object)
            {
                cli.Console.MarkupLine($"[red]teardown {Markup.Escape(runtime ?? "?")}:[/] {Markup.Escape(output.ValueKind == JsonValueKind.Undefined ? "no result" : output.ToString())}");
                return ExitCodes.Failed;
            }

            var orphans = output.TryGetProperty("orphans", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
                : [];
            if (orphans.Count == 0)
            {
                cli.Console.MarkupLine(undo
                    ? $"[green]✓[/] {Markup.Escape(d)} rolled back; the site is kept, not provisioned."
                    : $"[green]✓[/] {Markup.Escape(d)} torn down; the site is kept as deleted.");
                return ExitCodes.Ok;
            }

            foreach (var orphan in orphans)
            {
                cli.Console.MarkupLine($"[red]✗[/] left behind: {Markup.Escape(orphan)}");
            }

            cli.Console.MarkupLine($"{Markup.Escape(d)} is in error: remove these by hand or run wf teardown again.");
            return ExitCodes.Failed;
        }));
        return command;
    }
}
