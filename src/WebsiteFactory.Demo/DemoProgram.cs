using Spectre.Console;
using WebsiteFactory.Cli;
using WebsiteFactory.Cli.Commands;

namespace WebsiteFactory.Demo;

/// <summary>
/// The entry point of <c>wf-demo</c> (<c>./build.sh demo</c>): the demo, and <c>simulators</c> (the vendor simulators
/// standalone). It composes in-process what <c>wf</c>, an HTTP client, only talks to.
/// </summary>
public static class DemoProgram
{
    /// <summary>Runs <c>wf-demo</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => RunAsync(args, AnsiConsole.Console);

    /// <summary>Parses and runs a command line (exit codes as <c>wf</c>: 0 ok, 1 failures in the work, 2 bad usage).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="ct">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken ct = default)
    {
        var cli = new CliContext(console);
        var root = DemoCommand.Build(cli);
        root.Subcommands.Add(SimulatorsCommand.Build(cli));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLine($"[red]error:[/] {Markup.Escape(error.Message)}");
            }

            console.MarkupLine("Run [bold]./build.sh demo --help[/] for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) }, ct);
    }
}
