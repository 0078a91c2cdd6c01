using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf provision</c>, <c>wf status</c>, <c>wf retry</c>, <c>wf rollback</c>, <c>wf redeploy</c>, <c>wf regenerate</c>.</summary>
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
        var provision = new Command("provision", "Provision sites end to end, with live per-site progress.") { domains, allPending, noWait, timeout };
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
                : await c.PostAsync("/api/provision", list.Length > 0 ? new { domains = list } : new { all_pending = true }, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine($"Started [blue]{Markup.Escape(id)}[/]  status: {Markup.Escape(payload.GetProperty("statusQueryGetUri").GetString()!)}");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            var tracker = new ProvisionTracker(c, cli.Console);
            var results = list.Length == 1
                ? await tracker.FollowSitesAsync(list, TimeSpan.FromMinutes(p.GetValue(timeout)), ct)
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

            try
            {
                var instance = await c.GetAsync($"/runtime/webhooks/durabletask/instances/provision-{Uri.EscapeDataString(site.GetProperty("domain").GetString()!)}?showInput=false", ct);
                cli.Console.MarkupLine($"instance provision-{Markup.Escape(site.GetProperty("domain").GetString()!)}: {instance.GetProperty("runtimeStatus").GetString()} (step {Markup.Escape(ProvisionTracker.Prop(instance.GetProperty("customStatus"), "step") ?? "-")})");
            }
            catch (ApiException e) when (e.Status == System.Net.HttpStatusCode.NotFound)
            {
                cli.Console.MarkupLine("[grey]not provisioned yet[/]");
            }

            return site.GetProperty("progress").GetString() == "failed" ? ExitCodes.Failed : ExitCodes.Ok;
        }));

        var retryDomain = new Argument<string>("domain") { Description = "The site." };
        var fromStep = new Option<string?>("--from-step") { Description = "zone, records, nameservers, delegation, hosting_site, certificate, analytics, …" };
        var retry = new Command("retry", "Retry a site: rewind its failed instance, or run the pipeline again (steps are idempotent).") { retryDomain, fromStep, noWait, timeout };
        retry.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var d = p.GetValue(retryDomain)!;
            var q = p.GetValue(fromStep) is { } s ? "?fromStep=" + Uri.EscapeDataString(s) : string.Empty;
            var payload = await c.PostAsync($"/api/sites/{Uri.EscapeDataString(d)}/retry{q}", null, ct);
            cli.Console.MarkupLine($"Retrying [blue]{Markup.Escape(payload.GetProperty("id").GetString()!)}[/]");
            if (p.GetValue(noWait))
            {
                return ExitCodes.Ok;
            }

            // A rewind is applied asynchronously; the tracker keeps polling until the instance is finished again.
            var results = await new ProvisionTracker(c, cli.Console).FollowSitesAsync([d], TimeSpan.FromMinutes(p.GetValue(timeout)), ct);
            return Summarize(cli.Console, results);
        }));

        var rollback = SiteAction(cli, "rollback", "Switch a site back to its previous deployed release.", "Rolling back");
        var redeploy = SiteAction(cli, "redeploy", "Rebuild a site from its stored content and deploy it as a new release.", "Redeploying");
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
        command.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var payload = await c.PostAsync($"/api/sites/{Uri.EscapeDataString(p.GetValue(domain)!)}/{action}", null, ct);
            var id = payload.GetProperty("id").GetString()!;
            cli.Console.MarkupLine($"{progress} ([blue]{Markup.Escape(id)}[/])…");
            if (p.GetValue(noWait))
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

            cli.Console.MarkupLine($"[red]{Markup.Escape(action)} {runtime}:[/] {Markup.Escape(output.ValueKind == JsonValueKind.String ? output.GetString()! : output.ToString())}");
            return ExitCodes.Failed;
        }));
        return command;
    }

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
