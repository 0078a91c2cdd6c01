using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Output;

/// <summary>
/// Starts the nightly analytics aggregation for a day (<c>POST /api/analytics/run</c>) and, when asked, follows the instance
/// through the management API until it ends, then prints what it wrote, per-vendor failures and anomalies.
/// </summary>
public sealed class AnalyticsRun(WfClient client, IAnsiConsole console)
{
    /// <summary>Runs it.</summary>
    /// <param name="date">The day (yyyy-MM-dd), or null for yesterday.</param>
    /// <param name="wait">Follow the instance to its end.</param>
    /// <param name="timeout">Give up following after this long.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The exit code: 0 when it completed without failures (or was only started), 1 otherwise.</returns>
    public async Task<int> RunAsync(string? date, bool wait, TimeSpan timeout, CancellationToken ct)
    {
        var q = date is null ? string.Empty : "?date=" + Uri.EscapeDataString(date);
        var id = (await client.PostAsync("/api/analytics/run" + q, null, ct)).GetProperty("id").GetString()!;
        console.MarkupLine($"Analytics run [blue]{Markup.Escape(id)}[/] started.");
        if (!wait)
        {
            return ExitCodes.Ok;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var instance = await console.Status().StartAsync(
            "Collecting Matomo visits and Search Console clicks…",
            _ => client.WaitForInstanceAsync(id, TimeSpan.FromMilliseconds(500), deadline.Token));

        var status = instance.GetProperty("runtimeStatus").GetString();
        var output = instance.TryGetProperty("output", out var o) ? o : default;
        if (status != "Completed" || output.ValueKind != JsonValueKind.Object)
        {
            console.MarkupLine($"[red]✗[/] Analytics run ended {Markup.Escape(status ?? "?")}: {Markup.Escape(output.ValueKind == JsonValueKind.String ? output.GetString()! : output.ToString())}");
            return ExitCodes.Failed;
        }

        var failures = List(output, "failures");
        var anomalies = List(output, "anomalies");
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"[green]✓[/] Analytics through {Markup.Escape(ProvisionTracker.Prop(output, "through") ?? "?")}: {ProvisionTracker.Prop(output, "sites")} sites, {ProvisionTracker.Prop(output, "rowsWritten")} daily rows written, {failures.Count} vendor failures, {anomalies.Count} anomalies"));
        foreach (var line in failures.Concat(anomalies).Take(10))
        {
            console.MarkupLine($"  [yellow]![/] {Markup.Escape(line)}");
        }

        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static List<string> List(JsonElement output, string name)
    {
        foreach (var p in output.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Array)
            {
                return [.. p.Value.EnumerateArray().Select(e => e.ToString())];
            }
        }

        return [];
    }
}
