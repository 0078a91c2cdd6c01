using System.CommandLine;
using WebsiteFactory.Cli;
using WebsiteFactory.Cli.Commands;

namespace WebsiteFactory.Demo;

/// <summary><c>wf-demo</c>, the demo itself (formerly <c>wf demo</c>).</summary>
public static class DemoCommand
{
    /// <summary>Builds the command.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static RootCommand Build(CliContext cli)
    {
        var sites = new Option<int>("--sites") { Description = "How many demo domains (1-500).", DefaultValueFactory = _ => 25 };
        var port = new Option<int>("--port") { Description = "Server port on 127.0.0.1.", DefaultValueFactory = _ => 7071 };
        var exit = new Option<bool>("--exit-when-done") { Description = "Stop after provisioning and the analytics run (CI) instead of serving until Ctrl+C." };
        var data = new Option<string?>("--data-dir") { Description = "Where this demo keeps its state: the CloudPanel server's keys, sites and releases, the secret store, the local PostgreSQL cluster and work folders (default /var/lib/website-factory/demo as root, else ~/.local/share/website-factory/demo)." };
        var demo = new RootCommand("Start simulators, a loopback CloudPanel server and the API server; seed demo data; provision, publish and verify every demo site with live progress; run the nightly analytics; then serve the dashboard.") { sites, port, exit, data };
        demo.SetAction((p, ct) => cli.Guard(() => OperatingSystem.IsWindows()
            ? throw new CliException("The demo needs Linux or macOS (it runs a private sshd and PostgreSQL).", ExitCodes.Usage)
            : new DemoRunner(cli.Console).RunAsync(
                new DemoOptions { Sites = p.GetValue(sites), Port = p.GetValue(port), ExitWhenDone = p.GetValue(exit), DataDirectory = p.GetValue(data) },
                ct)));
        return demo;
    }
}
