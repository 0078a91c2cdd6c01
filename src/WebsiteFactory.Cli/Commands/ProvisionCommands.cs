using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf provision</c>, <c>wf status</c>, <c>wf retry</c>, <c>wf rollback</c>, <c>wf redeploy</c> (<see cref="RedeployCommand"/>), <c>wf regenerate</c>.</summary>
public static class ProvisionCommands
{
    /// <summary>Builds the commands.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The commands.</returns>
    public static IEnumerable<Command> Build(CliContext cli)
    {
        var domains = new Argument<string[]>("domains") { Description = "Domains to provision.", Arity = ArgumentArity.ZeroOrMore };
        var allPending = new Option<bool>("--all-pending") { Description = "Provision every site that has not started." };
        var noWait = new Option<bool>("--no-wait") { Description = "Start and return without following progress." };
        var timeout = new Option<int>("--timeout") { Description = "Stop following after this many minutes (the work continues on the server).", DefaultValueFactory = _ => 120 };
        var skipPreflight = new Option<bool>("--skip-preflight") { Description = "Start a batch (several domains or --all-pending) without pre-flight (admin key only)." };
        var provision = new Command("provision", "Provision sites end to end, with live per-site progress.") { domains, allPending, noWait, timeout, skipPreflight };
        provision.Validators.Add(r =>
        {
            var count = r.GetValue(domains)?.Length ?? 0;
            if (r.GetValue(allPending) == (count > 0))
            {
                r.AddError("Give one or more domains, or --all-pending.");
            }
        });
        provision.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var list = p.GetValue(domains) ?? [];
            JsonElement payload = list.Length == 1
                ? await c.PostAsync($"/api/sites/{Uri.EscapeDataString(list[0])}/provision", null, ct)
                : await c.PostAsync("/api/provision", list.Length > 0
                    ? new { domains = list, skip_preflight = p.GetValue(skipPreflight) }
                    : (object)new { all_pending = true, skip_preflight = p.GetValue(skipPreflight) }, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine($"Started [blue]{Markup.Escape(id)}[/]  status: {Markup.Escape(payload.GetProperty("statusQueryGetUri").GetString()!)}");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            var tracker = new ProvisionTracker(c, cli.Console);
            var results = list.Length == 1
                ? await tracker.FollowSitesAsync([(list[0], id)], TimeSpan.FromMinutes(p.GetValue(timeout)), ct)
                : await tracker.FollowBatchAsync(id, TimeSpan.FromMinutes(p.GetValue(timeout)), ct);
            return Summarize(cli.Console, results);
        }));

        var statusDomain = new Argument<string?>("domain") { Description = "A site (omit for a fleet summary).", Arity = ArgumentArity.ZeroOrOne };
        var status = new Command("status", "Fleet summary, or one site's provisioning status.") { statusDomain };
        status.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            if (p.GetValue(statusDomain) is not { } d)
            {
                var summary = await c.GetAsync("/api/sites/summary", ct);
                var table = new Table().AddColumns("progress", "sites");
                foreach (var kv in summary.EnumerateObject())
                {
                    table.AddRow(kv.Name, kv.Value.ToString());
                }

                cli.Console.Write(table);
                var failed = await c.GetAsync("/api/sites?progress=failed&limit=20", ct);
                foreach (var s in failed.GetProperty("items").EnumerateArray())
                {
                    cli.Console.MarkupLine($"[red]failed[/] {Markup.Escape(s.GetProperty("domain").GetString()!)}: {Markup.Escape(s.GetProperty("error_message").GetString() ?? string.Empty)}");
                }

                return ExitCodes.Ok;
            }

            var site = await c.GetAsync($"/api/sites/{Uri.EscapeDataString(d)}", ct);
            cli.Console.MarkupLine($"{Markup.Escape(site.GetProperty("domain").GetString()!)}: [bold]{site.GetProperty("progress").GetString()}[/]  dns={site.GetProperty("status_dns").GetString()} hosting={site.GetProperty("status_hosting").GetString()} content={site.GetProperty("status_content").GetString()} deploy={site.GetProperty("status_deployment").GetString()} gsc={site.GetProperty("gsc_verification_status").GetString()}");
            if (site.GetProperty("error_message").GetString() is { } error)
            {
                cli.Console.MarkupLine($"[red]error:[/] {Markup.Escape(error)}");
            }

            // The run as its instance reports it: a failed run is a Failed instance with the step and the reason.
            var run = await c.GetAsync($"/api/sites/{Uri.EscapeDataString(d)}/provisioning", ct);
            var instanceId = Markup.Escape(run.GetProperty("instance_id").GetString()!);
            if (run.GetProperty("runtime_status").GetString() is not { } runtime)
            {
                cli.Console.MarkupLine($"[grey]not provisioned yet[/] (instance {instanceId})");
            }
            else
            {
                cli.Console.MarkupLine($"instance {instanceId}: {Markup.Escape(runtime)} (step {Markup.Escape(ProvisionTracker.Prop(run.GetProperty("custom_status"), "step") ?? "-")})");
                if (runtime == "Failed" || ProvisionTracker.Prop(run, "succeeded") == "false")
                {
                    cli.Console.MarkupLine($"[red]{Markup.Escape(ProvisionTracker.Prop(run, "failed_step") ?? "a step")} failed:[/] {Markup.Escape(ProvisionTracker.Prop(run, "error") ?? "?")}");
                }
            }

            cli.Console.MarkupLine(RetryHint(run.GetProperty("retry").GetString()));
            return site.GetProperty("progress").GetString() == "failed" ? ExitCodes.Failed : ExitCodes.Ok;
        }));

        var retryDomain = new Argument<string>("domain") { Description = "The site." };
        var retry = new Command("retry", "Retry a site's provisioning: rewind its failed run (the failed step and what follows run again), or start a new run when there is none.") { retryDomain, noWait, timeout };
        retry.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var d = p.GetValue(retryDomain)!;
            var before = await c.GetAsync($"/api/sites/{Uri.EscapeDataString(d)}/provisioning", ct);
            var payload = await c.PostAsync($"/api/sites/{Uri.EscapeDataString(d)}/retry", null, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine(before.GetProperty("retry").GetString() == "rewind"
                ? $"Rewinding [blue]{Markup.Escape(id)}[/]: completed steps keep their results; {Markup.Escape(ProvisionTracker.Prop(before, "failed_step") ?? "the failed step")} and what follows run again."
                : $"Started a new run [blue]{Markup.Escape(id)}[/] (no failed run to rewind); steps that are already done finish at once.");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            // The server answers once a worker took up the rewind, so the instance is running again when the tracker looks.
            var results = await new ProvisionTracker(c, cli.Console).FollowSitesAsync([(d, id)], TimeSpan.FromMinutes(p.GetValue(timeout)), ct);
            return Summarize(cli.Console, results);
        }));

        var rollback = SiteAction(cli, "rollback", "Switch a site back to its previous deployed release.", "Rolling back");
        var redeploy = RedeployCommand.Build(cli);
        var regenerate = SiteAction(cli, "regenerate", "Rewrite every page of a site with the model, then build and deploy it.", "Regenerating");

        return [provision, status, retry, rollback, redeploy, regenerate];
    }

    /// <summary>
    /// <c>wf {action} &lt;domain&gt;</c> for the content actions on a hosted site: starts <c>POST /api/sites/{domain}/{action}</c>
    /// and follows the instance until it ends (or returns at once with <c>--no-wait</c>).
    /// </summary>
    private static Command SiteAction(CliContext cli, string action, string description, string progress)
    {
        var domain = new Argument<string>("domain") { Description = "The site." };
        var noWait = new Option<bool>("--no-wait") { Description = "Start and return without following it." };
        var command = new Command(action, description) { domain, noWait };
        command.SetAction(cli.WithClient((c, p, ct) => RunSiteActionAsync(cli, c, action, progress, p.GetValue(domain)!, p.GetValue(noWait), ct)));
        return command;
    }

    /// <summary>Starts <c>POST /api/sites/{domain}/{action}</c> and follows the instance until it ends (unless <paramref name="noWait"/>).</summary>
    /// <param name="cli">The shared context.</param>
    /// <param name="c">The client.</param>
    /// <param name="action">rollback, redeploy or regenerate.</param>
    /// <param name="progress">What to print while it runs (<c>Redeploying</c>).</param>
    /// <param name="domain">The site.</param>
    /// <param name="noWait">Return once started.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The exit code.</returns>
    internal static async Task<int> RunSiteActionAsync(CliContext cli, Http.WfClient c, string action, string progress, string domain, bool noWait, CancellationToken ct)
    {
        var payload = await c.PostAsync($"/api/sites/{Uri.EscapeDataString(domain)}/{action}", null, ct);
        var id = payload.GetProperty("id").GetString()!;
        cli.Console.MarkupLine($"{progress} ([blue]{Markup.Escape(id)}[/])…");
        if (noWait)
        {
            return ExitCodes.Ok;
        }

        var status = await c.WaitForInstanceAsync(id, TimeSpan.FromSeconds(1), ct);
        var runtime = status.GetProperty("runtimeStatus").GetString();
        var output = status.GetProperty("output");
        if (runtime is "Completed")
        {
            return Report(cli.Console, action, output);
        }

        // A failed step fails the instance; its output is the failure message "{reason} [step={step}]".
        var (step, reason) = ProvisionTracker.ReadFailure(output.ValueKind == JsonValueKind.String ? output.GetString()! : output.ToString());
        cli.Console.MarkupLine($"[red]{Markup.Escape(action)} {runtime}:[/] {Markup.Escape(step is null ? reason : $"{step} failed: {reason}")}");
        return ExitCodes.Failed;
    }

    private static string RetryHint(string? retry) => retry switch
    {
        "rewind" => "[grey]wf retry rewinds this run: completed steps keep their results, the failed step and what follows run again.[/]",
        "start" => "[grey]wf retry starts a new run (nothing to rewind); steps that are already done finish at once.[/]",
        _ => "[grey]running; wf retry is possible once it has finished.[/]",
    };

    /// <summary>Prints a finished content action: the live release (rollback returns it; the others a publish result).</summary>
    private static int Report(IAnsiConsole console, string action, JsonElement output)
    {
        if (output.ValueKind == JsonValueKind.String)
        {
            console.MarkupLine($"Live release is now [green]{Markup.Escape(output.GetString()!)}[/].");
            return ExitCodes.Ok;
        }

        if (ProvisionTracker.Prop(output, "succeeded") == "false")
        {
            console.MarkupLine($"[red]✗[/] {Markup.Escape(action)}: {Markup.Escape(ProvisionTracker.Prop(output, "failedStep") ?? "a step")} failed: {Markup.Escape(ProvisionTracker.Prop(output, "error") ?? "?")}");
            return ExitCodes.Failed;
        }

        console.MarkupLine($"[green]✓[/] {Markup.Escape(action)}: live release [green]{Markup.Escape(ProvisionTracker.Prop(output, "releaseId") ?? "?")}[/].");
        return ExitCodes.Ok;
    }

    /// <summary>Prints the outcome and returns the exit code (1 when any site failed).</summary>
    /// <param name="console">The console.</param>
    /// <param name="results">The results.</param>
    /// <returns>The exit code.</returns>
    public static int Summarize(IAnsiConsole console, IReadOnlyList<ProvisionTracker.SiteResult> results)
    {
        var failed = results.Where(r => !r.Succeeded).ToList();
        foreach (var f in failed)
        {
            console.MarkupLine($"[red]✗[/] {Markup.Escape(f.Domain)}: {Markup.Escape(f.Error ?? f.Status)}");
        }

        console.MarkupLine($"{results.Count - failed.Count} succeeded, {failed.Count} failed.");
        return failed.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
