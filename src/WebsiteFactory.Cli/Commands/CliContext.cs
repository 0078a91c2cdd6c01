using System.CommandLine;
using Spectre.Console;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Commands;

/// <summary>What every command shares: the global options, the console and error handling.</summary>
public sealed class CliContext(IAnsiConsole console, Func<CliSettings, WfClient>? clientFactory = null, TextReader? input = null)
{
    /// <summary>Gets where typed confirmations are read from (standard input unless a test gives another).</summary>
    public TextReader Input { get; } = input ?? System.Console.In;

    /// <summary>Gets <c>--url</c>.</summary>
    public Option<string?> Url { get; } = new("--url") { Description = "Server URL (default: WF_URL, cli.json, http://127.0.0.1:7071).", Recursive = true };

    /// <summary>Gets <c>--api-key</c>.</summary>
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key (default: WF_API_KEY or cli.json).", Recursive = true };

    /// <summary>Gets the console.</summary>
    public IAnsiConsole Console { get; } = console;

    /// <summary>Creates an action that talks to the server and maps failures to exit codes.</summary>
    /// <param name="body">The command body.</param>
    /// <returns>The action.</returns>
    public Func<ParseResult, CancellationToken, Task<int>> WithClient(Func<WfClient, ParseResult, CancellationToken, Task<int>> body) =>
        (parse, ct) => Guard(async () =>
        {
            using var client = (clientFactory ?? (s => new WfClient(s)))(CliSettings.Resolve(parse.GetValue(Url), parse.GetValue(ApiKey)));
            return await body(client, parse, ct);
        });

    /// <summary>Runs a body, printing failures instead of stack traces.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ApiException e)
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return e.ExitCode;
        }
        catch (CliException e)
        {
            Console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            Console.MarkupLine("[yellow]cancelled[/]");
            return ExitCodes.Failed;
        }
    }
}
