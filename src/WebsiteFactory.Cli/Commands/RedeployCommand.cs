using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf redeploy &lt;domain&gt;</c> (one site) and <c>wf redeploy --all</c>: the template rollout
/// (<c>POST /api/redeploy</c>), which rebuilds and redeploys every live site in waves with a health check and stops and
/// rolls back when a wave fails. Shows the plan first (a dry run), asks to confirm unless <c>--yes</c>, then follows the
/// rollout's progress and prints a summary.
/// </summary>
public static class RedeployCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var domain = new Argument<string?>("domain") { Description = "The site (omit with --all).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Redeploy every live site (deployed, active) in waves: after a template change." };
        var canary = new Option<int?>("--canary") { Description = "Sites in the first (canary) wave (default: the larger of 5 and 1 % of the fleet)." };
        var waveSize = new Option<int?>("--wave-size") { Description = "Largest wave after the canary; waves double up to it (default 100)." };
        var parallel = new Option<int?>("--parallel") { Description = "Redeploys at once within a wave (default 20)." };
        var threshold = new Option<double?>("--failure-threshold") { Description = "Failure share of a later wave that stops and rolls back the rollout when exceeded (default 0.1; any canary failure stops it)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the sites and waves; start nothing." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask to confirm (non-interactive)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Start and return without following it." };
        var timeout = new Option<int>("--timeout") { Description = "Stop following after this many minutes (the rollout continues on the server).", DefaultValueFactory = _ => 240 };
        var command = new Command("redeploy", "Rebuild a site from its stored content and deploy it as a new release; with --all, every live site in waves with a health check, stopping and rolling back when a wave fails.")
        {
            domain, all, canary, waveSize, parallel, threshold, dryRun, yes, noWait, timeout,
        };
        command.Validators.Add(r =>
        {
            var hasDomain = !string.IsNullOrEmpty(r.GetValue(domain));
            if (hasDomain == r.GetValue(all))
            {
                r.AddError("Give a domain, or --all.");
            }
            else if (hasDomain && (r.GetValue(canary) is not null || r.GetValue(waveSize) is not null || r.GetValue(parallel) is not null || r.GetValue(threshold) is not null || r.GetValue(dryRun)))
            {
                r.AddError("--canary, --wave-size, --parallel, --failure-threshold and --dry-run go with --all.");
            }
        });
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            if (p.GetValue(domain) is { Length: > 0 } d)
            {
                return await ProvisionCommands.RunSiteActionAsync(cli, c, "redeploy", "Redeploying", d, p.GetValue(noWait), ct);
            }

            var settings = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["all"] = true,
                ["canary"] = p.GetValue(canary),
                ["wave_size"] = p.GetValue(waveSize),
                ["parallel"] = p.GetValue(parallel),
                ["failure_threshold"] = p.GetValue(threshold),
            };
            var plan = await c.PostAsync("/api/redeploy", new Dictionary<string, object?>(settings, StringComparer.Ordinal) { ["dry_run"] = true }, ct);
            var total = plan.GetProperty("total").GetInt32();
            PrintPlan(cli.Console, plan);
            if (p.GetValue(dryRun) || total == 0)
            {
                return ExitCodes.Ok;
            }

            if (!p.GetValue(yes))
            {
                cli.Console.Markup($"Redeploy {total} live site(s) in {plan.GetProperty("waves").GetArrayLength()} wave(s)? Type [bold]yes[/] to start: ");
                if (!string.Equals((await cli.Input.ReadLineAsync(ct))?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
                {
                    cli.Console.MarkupLine("[yellow]Not confirmed; nothing was started.[/]");
                    return ExitCodes.Usage;
                }
            }

            var payload = await c.PostAsync("/api/redeploy", settings, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine($"Started [blue]{Markup.Escape(id)}[/]  status: {Markup.Escape(payload.GetProperty("statusQueryGetUri").GetString()!)}");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            var final = await new RolloutTracker(c, cli.Console).FollowAsync(id, TimeSpan.FromMinutes(p.GetValue(timeout)), ct);
            return RolloutTracker.Summarize(cli.Console, final);
        }));
        return command;
    }

    /// <summary>Prints the dry run: waves with their first sites, and sites busy now.</summary>
    private static void PrintPlan(IAnsiConsole console, JsonElement plan)
    {
        var total = plan.GetProperty("total").GetInt32();
        if (total == 0)
        {
            console.MarkupLine("[yellow]No site is live (deployed and active); nothing to redeploy.[/]");
            return;
        }

        var table = new Table().AddColumns("wave", "sites", "domains");
        foreach (var wave in plan.GetProperty("waves").EnumerateArray())
        {
            var domains = wave.GetProperty("domains").EnumerateArray().Select(x => x.GetString()!).ToList();
            var shown = string.Join(", ", domains.Take(5)) + (domains.Count > 5 ? $", … (+{domains.Count - 5})" : string.Empty);
            var number = wave.GetProperty("wave").GetInt32();
            table.AddRow(number == 1 ? "1 (canary)" : number.ToString(CultureInfo.InvariantCulture), wave.GetProperty("size").GetInt32().ToString(CultureInfo.InvariantCulture), Markup.Escape(shown));
        }

        console.Write(table);
        console.MarkupLine($"{total} live site(s).");
        foreach (var busy in plan.GetProperty("busy").EnumerateArray())
        {
            console.MarkupLine($"[yellow]busy[/] {Markup.Escape(busy.GetProperty("domain").GetString()!)}: {Markup.Escape(busy.GetProperty("kind").GetString()!)} {Markup.Escape(busy.GetProperty("instance_id").GetString()!)} (skipped unless it finishes first)");
        }
    }
}
