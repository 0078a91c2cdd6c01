using System.CommandLine;
using System.Globalization;
using WebsiteFactory.Cli.Output;

namespace WebsiteFactory.Cli.Commands;

/// <summary><c>wf analytics run</c>.</summary>
public static class MiscCommands
{
    /// <summary>Builds <c>wf analytics</c>.</summary>
    /// <param name="cli">The shared context.</param>
    /// <returns>The command.</returns>
    public static Command BuildAnalytics(CliContext cli)
    {
        var analytics = new Command("analytics", "Analytics aggregation.");
        var date = new Option<string?>("--date") { Description = "The last day to collect (yyyy-MM-dd; default yesterday); earlier days still open for revision, and missed nights, are collected too." };
        var wait = new Option<bool>("--wait") { Description = "Follow the run to its end and print what it wrote (exit 1 when a vendor failed)." };
        var run = new Command("run", "Run the nightly aggregation for a day now.") { date, wait };
        run.Validators.Add(r =>
        {
            if (r.GetValue(date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                r.AddError("--date must be yyyy-MM-dd.");
            }
        });
        run.SetAction(cli.WithClient((c, p, ct) => new AnalyticsRun(c, cli.Console).RunAsync(p.GetValue(date), p.GetValue(wait), TimeSpan.FromMinutes(30), ct)));
        analytics.Subcommands.Add(run);
        return analytics;
    }
}
