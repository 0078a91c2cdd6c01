using System.CommandLine;
using Spectre.Console;

namespace WebsiteFactory.Cli.Commands;

/// <summary>
/// <c>wf demo</c> and <c>wf simulators</c>, which moved to <c>wf-demo</c> (<c>src/WebsiteFactory.Demo</c>) because they host
/// the server and the simulators in-process and <c>wf</c> is an HTTP client: hidden commands that print where they went
/// instead of "unknown command".
/// </summary>
public static class MovedCommands
{
    /// <summary>Builds the pointers.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The hidden commands.</returns>
    public static IEnumerable<Command> Build(CliContext cli)
    {
        ArgumentNullException.ThrowIfNull(cli);
        yield return Pointer(cli, "demo", "./build.sh demo");
        yield return Pointer(cli, "simulators", "./build.sh demo simulators");
    }

    private static Command Pointer(CliContext cli, string name, string replacement)
    {
        var command = new Command(name, $"Moved: {replacement}.") { Hidden = true, TreatUnmatchedTokensAsErrors = false };
        command.SetAction(_ =>
        {
            cli.Console.MarkupLine($"[yellow]wf {name}[/] moved out of wf, which only talks to a server: run [bold]{replacement}[/] (the same options; src/WebsiteFactory.Demo).");
            return ExitCodes.Usage;
        });
        return command;
    }
}
