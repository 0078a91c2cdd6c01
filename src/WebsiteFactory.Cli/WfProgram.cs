using Spectre.Console;

namespace WebsiteFactory.Cli;

/// <summary>The entry point of <c>wf</c>.</summary>
public static class WfProgram
{
    /// <summary>Runs <c>wf</c>.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => WfCommandLine.RunAsync(args, AnsiConsole.Console);
}
