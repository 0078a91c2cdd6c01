using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Output;

/// <summary>
/// Follows a template rollout (<c>rollout-…</c>) through the Durable Functions management API: one progress bar over the
/// fleet, described by wave and counts from the instance's custom status; returns the final status.
/// </summary>
public sealed class RolloutTracker(WfClient client, IAnsiConsole console)
{
    /// <summary>Polls the instance once a second until it ends (or <paramref name="timeout"/> passes), showing progress.</summary>
    /// <param name="instanceId">The rollout's instance id.</param>
    /// <param name="timeout">Stop following after this long (the rollout goes on).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The last status read (management payload).</returns>
    public async Task<JsonElement> FollowAsync(string instanceId, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        JsonElement last = default;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var bar = progress.AddTask("rollout [grey]starting[/]", maxValue: 1);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (true)
                {
                    last = await client.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}?showInput=false", deadline.Token);
                    var status = last.TryGetProperty("customStatus", out var s) ? s : default;
                    var total = Int(status, "total");
                    bar.MaxValue = Math.Max(1, total);
                    bar.Value = Int(status, "done");
                    bar.Description = Describe(status);
                    if (!WfClient.IsActive(last.GetProperty("runtimeStatus").GetString()))
                    {
                        bar.StopTask();
                        return;
                    }

                    await timer.WaitForNextTickAsync(deadline.Token);
                }
            });
        return last;
    }

    /// <summary>Prints the rollout's outcome (waves, counts, sites that need attention) and returns the exit code.</summary>
    /// <param name="console">The console.</param>
    /// <param name="status">The final status.</param>
    /// <returns>0 when every site was redeployed (busy sites skipped), 1 when it failed, stopped or did not complete.</returns>
    public static int Summarize(IAnsiConsole console, JsonElement status)
    {
        ArgumentNullException.ThrowIfNull(console);
        var runtime = status.GetProperty("runtimeStatus").GetString();
        var output = status.TryGetProperty("output", out var o) ? o : default;
        if (runtime != "Completed" || output.ValueKind != JsonValueKind.Object)
        {
            console.MarkupLine($"[red]rollout {Markup.Escape(runtime ?? "?")}:[/] {Markup.Escape(output.ValueKind == JsonValueKind.Undefined ? "no result" : output.ToString())}");
            return ExitCodes.Failed;
        }

        var waves = new Table().AddColumns("wave", "sites", "redeployed", "failed", "skipped", "seconds");
        foreach (var w in Array(output, "waveResults"))
        {
            waves.AddRow(Str(w, "wave"), Str(w, "size"), Str(w, "redeployed"), Str(w, "failed"), Str(w, "skipped"), Seconds(w));
        }

        console.Write(waves);
        foreach (var site in Array(output, "sites").Where(x => ProvisionTracker.Prop(x, "outcome") is not ("redeployed" or "not_started")))
        {
            var outcome = ProvisionTracker.Prop(site, "outcome")!;
            var colour = outcome is "rolled_back" or "skipped" ? "yellow" : "red";
            console.MarkupLine($"[{colour}]{Markup.Escape(outcome)}[/] {Markup.Escape(ProvisionTracker.Prop(site, "domain") ?? "?")}: {Markup.Escape(ProvisionTracker.Prop(site, "error") ?? string.Empty)}");
        }

        var stopped = ProvisionTracker.Prop(output, "stopped") == "true";
        if (stopped)
        {
            console.MarkupLine($"[red]Stopped:[/] {Markup.Escape(ProvisionTracker.Prop(output, "stopReason") ?? "?")}");
        }

        console.MarkupLine(
            $"{Str(output, "redeployed")} redeployed, {Str(output, "failed")} failed, {Str(output, "skipped")} skipped (busy), {Str(output, "rolledBack")} rolled back, "
            + $"{Str(output, "rollbackFailed")} rollback failed, {Str(output, "notStarted")} not started; {Str(output, "wavesRun")} of {Str(output, "waves")} wave(s) in {Seconds(output)} s.");
        return !stopped && Int(output, "failed") == 0 && Int(output, "rollbackFailed") == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    private static string Describe(JsonElement status)
    {
        var phase = ProvisionTracker.Prop(status, "phase");
        var counts = $"{Int(status, "redeployed")} ok, {Int(status, "failed")} failed, {Int(status, "skipped")} skipped, {Int(status, "rolledBack")} rolled back";
        return phase switch
        {
            null or "listing" => "rollout [grey]listing live sites[/]",
            "wave" => $"rollout [blue]wave {Int(status, "wave")} of {Int(status, "waves")}[/] {counts}",
            "rolling_back" => $"rollout [red]rolling back[/] {counts}",
            _ => $"rollout [green]{Markup.Escape(phase)}[/] {counts}",
        };
    }

    private static List<JsonElement> Array(JsonElement e, string name) =>
        Find(e, name) is { ValueKind: JsonValueKind.Array } a ? [.. a.EnumerateArray()] : [];

    private static JsonElement? Find(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name.Replace("_", string.Empty, StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    private static int Int(JsonElement e, string name) =>
        int.TryParse(ProvisionTracker.Prop(e, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static string Str(JsonElement e, string name) => Markup.Escape(ProvisionTracker.Prop(e, name) ?? "0");

    private static string Seconds(JsonElement e) =>
        double.TryParse(ProvisionTracker.Prop(e, "durationSeconds"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s.ToString("0.0", CultureInfo.InvariantCulture) : "?";
}
