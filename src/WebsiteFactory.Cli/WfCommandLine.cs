using System.CommandLine;
using Spectre.Console;
using WebsiteFactory.Cli.Commands;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli;

/// <summary>The <c>wf</c> command tree and its invocation (exit codes: 0 ok, 1 failures in the work, 2 bad usage).</summary>
public static class WfCommandLine
{
    /// <summary>Builds the root command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The root command.</returns>
    public static RootCommand Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var root = new RootCommand("wf — operate Website Factory: sites, provisioning, instances, accounts, analytics.");
        root.Options.Add(cli.Url);
        root.Options.Add(cli.ApiKey);
        root.Subcommands.Add(SitesCommands.Build(cli));
        foreach (var c in ProvisionCommands.Build(cli))
        {
            root.Subcommands.Add(c);
        }

        root.Subcommands.Add(InstancesCommands.Build(cli));
        root.Subcommands.Add(AccountsCommands.BuildAccounts(cli));
        root.Subcommands.Add(AccountsCommands.BuildServers(cli));
        root.Subcommands.Add(MiscCommands.BuildAnalytics(cli));
        root.Subcommands.Add(TeardownCommands.Build(cli));
        root.Subcommands.Add(PreflightCommand.Build(cli));
        root.Subcommands.Add(PlanCommand.Build(cli));
        root.Subcommands.Add(DriftCommand.Build(cli));
        foreach (var c in MovedCommands.Build(cli))
        {
            root.Subcommands.Add(c);
        }

        return root;
    }

    /// <summary>Parses and runs a command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="clientFactory">Creates the HTTP client (tests).</param>
    /// <param name="input">Where typed confirmations are read from (default: standard input).</param>
    /// <param name="ct">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, Func<CliSettings, WfClient>? clientFactory = null, TextReader? input = null, CancellationToken ct = default)
    {
        var cli = new CliContext(console, clientFactory, input);
        var root = Build(cli);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            console.MarkupLine("Run [bold]wf --help[/] for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, ct);
    }
}
