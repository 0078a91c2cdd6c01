using System.CommandLine;
using Spectre.Console;
using WebsiteFactory.Cli;
using WebsiteFactory.Cli.Commands;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Demo;

/// <summary><c>wf-demo simulators</c>: the vendor simulators standalone (formerly <c>wf simulators</c>).</summary>
public static class SimulatorsCommand
{
    /// <summary>Builds <c>wf-demo simulators</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command Build(CliContext cli)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1.", DefaultValueFactory = _ => 7080 };
        var speed = new Option<double>("--clock-speed") { Description = "Run the simulated clock this many times faster.", DefaultValueFactory = _ => 1.0 };
        var simulators = new Command("simulators", "Run the vendor simulators (Cloudflare, Namecheap, Spaceship, Matomo, DNS, chat completions, Directus, Google) standalone until Ctrl+C.") { port, speed };
        simulators.SetAction((p, ct) => cli.Guard(async () =>
        {
            await using var host = await SimulatorHost.StartAsync(new SimulatorOptions { ClockSpeed = p.GetValue(speed) }, p.GetValue(port), cancellationToken: ct);
            host.SeedDemo();
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Cloudflare", host.CloudflareBaseUrl.ToString());
            grid.AddRow("Namecheap", host.NamecheapUrl.ToString());
            grid.AddRow("Spaceship", host.SpaceshipBaseUrl.ToString());
            grid.AddRow("Matomo", host.MatomoUrl.ToString());
            grid.AddRow("DNS (DoH)", host.DnsQueryUrl.ToString());
            grid.AddRow("Chat completions", host.ChatBaseUrl.ToString());
            grid.AddRow("Directus", host.DirectusBaseUrl.ToString());
            grid.AddRow("Google OAuth", host.GoogleTokenUrl.ToString());
            grid.AddRow("Site Verification", host.SiteVerificationBaseUrl.ToString());
            grid.AddRow("Search Console", host.SearchConsoleBaseUrl.ToString());
            cli.Console.Write(grid);
            cli.Console.MarkupLine($"Demo credentials: Cloudflare tokens [blue]sim-cf-token-1..3[/], Namecheap [blue]simuser / sim-namecheap-key[/] and [blue]simuser2 / sim-namecheap-key-2[/] (client IP 127.0.0.1), Spaceship [blue]sim-spaceship-key / sim-spaceship-secret[/], chat key [blue]{ContentSimulators.ChatApiKey}[/], Directus token [blue]{ContentSimulators.DirectusToken}[/], Google client [blue]{ContentSimulators.GoogleClientId} / {ContentSimulators.GoogleClientSecret}[/] with refresh token [blue]{ContentSimulators.GoogleRefreshToken}[/]. Ctrl+C stops.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }

            return ExitCodes.Ok;
        }));
        return simulators;
    }
}
