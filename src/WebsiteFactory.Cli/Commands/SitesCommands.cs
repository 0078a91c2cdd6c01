using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf sites add|import|list|show</c>.</summary>
public static class SitesCommands
{
    private static readonly string[] ShowFields = ["domain", "progress", "status_dns", "status_hosting", "status_content", "status_deployment", "gsc_verification_status", "cloudflare_zone_id", "hosting_doc_root", "site_user", "matomo_site_id", "content_tokens", "instance_id", "error_message"];

    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        var sites = new Command("sites", "Manage sites.");

        var domain = new Argument<string>("domain") { Description = "The domain, e.g. example.com." };
        var brand = new Option<string?>("--brand") { Description = "Brand name used in content." };
        var niche = new Option<string?>("--niche") { Description = "Topic of the site." };
        var language = new Option<string?>("--language") { Description = "Content language (BCP 47, default en)." };
        var cf = new Option<string?>("--cloudflare-account") { Description = "Cloudflare account nickname or id." };
        var registrar = new Option<string?>("--registrar-account") { Description = "Registrar account nickname or id." };
        var server = new Option<string?>("--server") { Description = "Hosting server name or id." };
        var gsc = new Option<string?>("--gsc-account") { Description = "Search Console account nickname or id." };
        var add = new Command("add", "Add one site.") { domain, brand, niche, language, cf, registrar, server, gsc };
        add.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var body = new
            {
                domain = p.GetValue(domain),
                brand = p.GetValue(brand),
                niche = p.GetValue(niche),
                language = p.GetValue(language),
                cloudflare_account_id = await ResolveAsync(c, "/api/cloudflare-accounts", "account_nickname", p.GetValue(cf), "--cloudflare-account", ct),
                registrar_account_id = await ResolveAsync(c, "/api/registrar-accounts", "account_nickname", p.GetValue(registrar), "--registrar-account", ct),
                server_id = await ResolveAsync(c, "/api/servers", "name", p.GetValue(server), "--server", ct),
                gsc_account_id = await ResolveAsync(c, "/api/gsc-accounts", "account_nickname", p.GetValue(gsc), "--gsc-account", ct),
            };
            var site = await c.PostAsync("/api/sites", body, ct);
            cli.Console.MarkupLine($"Added [green]{Markup.Escape(site.GetProperty("domain").GetString()!)}[/] ({site.GetProperty("id").GetString()}).");
            return ExitCodes.Ok;
        }));

        var file = new Argument<FileInfo>("file") { Description = "A .csv (header: domain,cloudflare_account,registrar_account,server,gsc_account,brand,niche,language) or .json file." };
        var import = new Command("import", "Import many sites at once (all or nothing).") { file };
        import.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var f = p.GetValue(file)!;
            if (!f.Exists)
            {
                throw new CliException($"File not found: {f.FullName}", ExitCodes.Usage);
            }

            var type = f.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "text/csv";
            var content = new StringContent(await File.ReadAllTextAsync(f.FullName, ct), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(type) { CharSet = "utf-8" };
            var result = await c.SendAsync(HttpMethod.Post, "/api/sites/import", content, ct);
            cli.Console.MarkupLine($"Imported [green]{result.GetProperty("created").GetInt32()}[/] sites.");
            return ExitCodes.Ok;
        }));

        var progress = new Option<string?>("--progress") { Description = "failed, in_progress, not_started, live (served, analytics pending/failed) or complete." };
        var search = new Option<string?>("--search") { Description = "Domain contains this text." };
        var lifecycle = new Option<string?>("--lifecycle") { Description = "active, deleting, deleted, error (comma-separated), or all. Default: every state but deleted." };
        var limit = new Option<int>("--limit") { Description = "Page size (1-1000).", DefaultValueFactory = _ => 100 };
        var offset = new Option<int>("--offset") { Description = "Skip this many.", DefaultValueFactory = _ => 0 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var list = new Command("list", "List sites with their step statuses.") { progress, search, lifecycle, limit, offset, json };
        list.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var q = $"/api/sites?limit={p.GetValue(limit)}&offset={p.GetValue(offset)}"
                + (p.GetValue(progress) is { } pr ? "&progress=" + Uri.EscapeDataString(pr) : string.Empty)
                + (p.GetValue(search) is { } s ? "&search=" + Uri.EscapeDataString(s) : string.Empty)
                + (p.GetValue(lifecycle) is { } lc ? "&lifecycle=" + Uri.EscapeDataString(lc) : string.Empty);
            var page = await c.GetAsync(q, ct);
            if (p.GetValue(json))
            {
                cli.Console.WriteJson(page);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("domain", "lifecycle", "dns", "hosting", "content", "deploy", "gsc", "progress", "error");
            foreach (var site in page.GetProperty("items").EnumerateArray())
            {
                table.AddRow(
                    Markup.Escape(site.GetProperty("domain").GetString()!),
                    Markup.Escape(site.TryGetProperty("lifecycle", out var state) ? state.GetString() ?? "?" : "?"),
                    Chip(site, "status_dns"),
                    Chip(site, "status_hosting"),
                    Chip(site, "status_content"),
                    Chip(site, "status_deployment"),
                    Chip(site, "gsc_verification_status"),
                    site.GetProperty("progress").GetString()!,
                    Markup.Escape(Shorten(site.GetProperty("error_message").GetString())));
            }

            cli.Console.Write(table);
            cli.Console.MarkupLine($"[grey]{page.GetProperty("items").GetArrayLength()} of {page.GetProperty("total_count").GetInt64()}[/]");
            return ExitCodes.Ok;
        }));

        var show = new Command("show", "Show one site: steps, external ids and recent events.") { domain, json };
        show.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var d = Uri.EscapeDataString(p.GetValue(domain)!);
            var site = await c.GetAsync($"/api/sites/{d}", ct);
            var events = await c.GetAsync($"/api/sites/{d}/events?limit=20", ct);
            if (p.GetValue(json))
            {
                cli.Console.WriteJson(JsonSerializer.Serialize(new { site, events }));
                return ExitCodes.Ok;
            }

            var grid = new Grid().AddColumn().AddColumn();
            foreach (var name in ShowFields)
            {
                var v = site.GetProperty(name);
                grid.AddRow($"[grey]{name}[/]", Markup.Escape(v.ValueKind == JsonValueKind.Null ? "-" : v.ToString()));
            }

            grid.AddRow("[grey]nameservers[/]", Markup.Escape(string.Join(", ", site.GetProperty("assigned_nameservers").EnumerateArray().Select(n => n.GetString()))));
            cli.Console.Write(grid);
            var table = new Table().AddColumns("at", "step", "outcome", "message");
            foreach (var e in events.EnumerateArray())
            {
                table.AddRow(e.GetProperty("at").GetString()!, e.GetProperty("step").GetString()!, e.GetProperty("outcome").GetString()!, Markup.Escape(Shorten(e.GetProperty("message").GetString(), 80)));
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }));

        sites.Subcommands.Add(add);
        sites.Subcommands.Add(import);
        sites.Subcommands.Add(list);
        sites.Subcommands.Add(show);
        return sites;
    }

    /// <summary>Turns a nickname or id into an id by listing the collection.</summary>
    /// <param name="c">The client.</param>
    /// <param name="path">The collection.</param>
    /// <param name="nameField">The field holding the nickname.</param>
    /// <param name="value">The nickname or id, or null.</param>
    /// <param name="option">The option name, for the error.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The id, or null when no value was given.</returns>
    public static async Task<string?> ResolveAsync(WfClient c, string path, string nameField, string? value, string option, CancellationToken ct)
    {
        if (value is null)
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id.ToString();
        }

        var all = await c.GetAsync(path, ct);
        foreach (var item in all.EnumerateArray())
        {
            if (string.Equals(item.GetProperty(nameField).GetString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return item.GetProperty("id").GetString();
            }
        }

        throw new CliException($"{option}: nothing named '{value}' exists at {path}.", ExitCodes.Usage);
    }

    private static string Chip(JsonElement site, string field) => site.GetProperty(field).GetString() switch
    {
        "active" or "generated" or "deployed" or "verified" => "[green]" + site.GetProperty(field).GetString() + "[/]",
        "failed" => "[red]failed[/]",
        "pending" => "[grey]pending[/]",
        var other => "[blue]" + Markup.Escape(other ?? "?") + "[/]",
    };

    private static string Shorten(string? text, int max = 50) => text is null ? string.Empty : text.Length <= max ? text : text[..(max - 1)] + "…";
}
