using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf accounts cloudflare|registrar|gsc list|add|remove</c> and <c>wf servers list|add|remove</c>. Secret values are sent once and never shown again.</summary>
public static class AccountsCommands
{
    /// <summary>Builds <c>wf accounts</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command BuildAccounts(CliContext cli)
    {
        var accounts = new Command("accounts", "Cloudflare, registrar and Search Console accounts.");

        var email = new Option<string>("--email") { Required = true, Description = "Account email." };
        var nickname = new Option<string>("--nickname") { Required = true, Description = "Unique nickname." };
        var cfId = new Option<string>("--account-id") { Required = true, Description = "Cloudflare account id (32 hex)." };
        var token = new Option<string>("--api-token") { Required = true, Description = "Cloudflare API token (stored in the secret store)." };
        accounts.Subcommands.Add(Resource(cli, "cloudflare", "/api/cloudflare-accounts", "account_nickname", ["email", "cloudflare_account_id", "api_token_secret_name"], [email, nickname, cfId, token], p => new
        {
            email = p.GetValue(email),
            account_nickname = p.GetValue(nickname),
            cloudflare_account_id = p.GetValue(cfId),
            api_token = p.GetValue(token),
        }));

        var provider = new Option<string>("--provider") { Required = true, Description = "namecheap or spaceship." };
        var rNick = new Option<string>("--nickname") { Required = true, Description = "Unique nickname." };
        var apiUser = new Option<string?>("--api-user") { Description = "Namecheap API user." };
        var clientIp = new Option<string?>("--client-ip") { Description = "Namecheap whitelisted IPv4." };
        var apiKey = new Option<string>("--registrar-api-key") { Required = true, Description = "Registrar API key." };
        var apiSecret = new Option<string?>("--registrar-api-secret") { Description = "Spaceship API secret." };
        accounts.Subcommands.Add(Resource(cli, "registrar", "/api/registrar-accounts", "account_nickname", ["provider", "api_user", "client_ip"], [provider, rNick, apiUser, clientIp, apiKey, apiSecret], p => new
        {
            provider = p.GetValue(provider),
            account_nickname = p.GetValue(rNick),
            api_user = p.GetValue(apiUser),
            client_ip = p.GetValue(clientIp),
            api_key = p.GetValue(apiKey),
            api_secret = p.GetValue(apiSecret),
        }));

        var gEmail = new Option<string>("--email") { Required = true, Description = "Google account email." };
        var gNick = new Option<string>("--nickname") { Required = true, Description = "Unique nickname." };
        var credentials = new Option<FileInfo>("--credentials-file") { Required = true, Description = "Service-account JSON or token file." };
        var clientId = new Option<string?>("--oauth-client-id") { Description = "OAuth client id." };
        accounts.Subcommands.Add(Resource(cli, "gsc", "/api/gsc-accounts", "account_nickname", ["email", "oauth_client_id"], [gEmail, gNick, credentials, clientId], p => new
        {
            email = p.GetValue(gEmail),
            account_nickname = p.GetValue(gNick),
            oauth_client_id = p.GetValue(clientId),
            credentials = ReadFile(p.GetValue(credentials)!),
        }));
        return accounts;
    }

    /// <summary>Builds <c>wf servers</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command BuildServers(CliContext cli)
    {
        var name = new Option<string>("--name") { Required = true, Description = "Unique name." };
        var address = new Option<string>("--address") { Required = true, Description = "SSH host name or IP." };
        var publicIp = new Option<string?>("--public-ip") { Description = "IPv4 for A records, when the address is not it." };
        var port = new Option<int>("--ssh-port") { Description = "SSH port.", DefaultValueFactory = _ => 22 };
        var user = new Option<string>("--ssh-user") { Required = true, Description = "SSH user." };
        var key = new Option<FileInfo>("--ssh-key-file") { Required = true, Description = "Private key file (stored in the secret store)." };
        var fingerprint = new Option<string>("--host-key-fingerprint") { Required = true, Description = "Pinned host key, SHA256:… (ssh-keygen -lf)." };
        var servers = Resource(cli, "servers", "/api/servers", "name", ["address", "ssh_port", "ssh_user", "host_key_fingerprint"], [name, address, publicIp, port, user, key, fingerprint], p => new
        {
            name = p.GetValue(name),
            address = p.GetValue(address),
            public_ip = p.GetValue(publicIp),
            ssh_port = p.GetValue(port),
            ssh_user = p.GetValue(user),
            ssh_private_key = ReadFile(p.GetValue(key)!),
            host_key_fingerprint = p.GetValue(fingerprint),
        });
        servers.Description = "CloudPanel servers, and their console (status, disk, certs, logs, action).";
        ServerConsoleCommands.AddTo(servers, cli);
        return servers;
    }

    private static string ReadFile(FileInfo f) =>
        f.Exists ? File.ReadAllText(f.FullName) : throw new CliException($"File not found: {f.FullName}", ExitCodes.Usage);

    private static Command Resource(CliContext cli, string name, string path, string nameField, string[] columns, Option[] addOptions, Func<ParseResult, object> body)
    {
        var command = new Command(name, $"{name} ({path}).");
        var list = new Command("list", "List.");
        list.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var table = new Table().AddColumns(["id", nameField, .. columns]);
            foreach (var item in (await c.GetAsync(path, ct)).EnumerateArray())
            {
                table.AddRow([item.GetProperty("id").GetString()!, .. new[] { nameField }.Concat(columns).Select(col => Markup.Escape(item.GetProperty(col).ValueKind == JsonValueKind.Null ? "-" : item.GetProperty(col).ToString()))]);
            }

            cli.Console.Write(table);
            return ExitCodes.Ok;
        }));

        var add = new Command("add", "Add (secrets go to the secret store).");
        foreach (var o in addOptions)
        {
            add.Options.Add(o);
        }

        add.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var created = await c.PostAsync(path, body(p), ct);
            cli.Console.MarkupLine($"Added {Markup.Escape(created.GetProperty(nameField).GetString()!)} ({created.GetProperty("id").GetString()}).");
            return ExitCodes.Ok;
        }));

        var target = new Argument<string>("name-or-id") { Description = "Nickname/name or id." };
        var remove = new Command("remove", "Delete (and its secrets).") { target };
        remove.SetAction(cli.WithClient(async (c, p, ct) =>
        {
            var id = await SitesCommands.ResolveAsync(c, path, nameField, p.GetValue(target), "name-or-id", ct);
            await c.SendAsync(HttpMethod.Delete, $"{path}/{id}", null, ct);
            cli.Console.MarkupLine("Deleted.");
            return ExitCodes.Ok;
        }));

        command.Subcommands.Add(list);
        command.Subcommands.Add(add);
        command.Subcommands.Add(remove);
        return command;
    }
}
