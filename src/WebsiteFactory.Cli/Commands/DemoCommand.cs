using System.CommandLine;
using WebsiteFactory.Cli.Demo;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf demo</c>.</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        var sites = new Option<int>("--sites") { Description = "How many demo domains (1-500).", DefaultValueFactory = _ => 25 };
        var port = new Option<int>("--port") { Description = "Server port on 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        var exit = new Option<bool>("--exit-when-done") { Description = "Stop after provisioning (CI) instead of serving until Ctrl+C." };
        var demo = new Command("demo", "Start simulators + server, seed demo data, provision every demo site with live progress, then serve the dashboard.") { sites, port, exit };
        demo.SetAction((p, ct) => cli.Guard(() => new DemoRunner(cli.Console).RunAsync(
            new DemoOptions { Sites = p.GetValue(sites), Port = p.GetValue(port), ExitWhenDone = p.GetValue(exit) },
            ct)));
        return demo;
    }
}
