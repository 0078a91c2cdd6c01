using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Output;

/// <summary>
/// Follows provisioning until it finishes, with one step bar per site (zone → records → nameservers → delegation →
/// hosting site → certificate → analytics → publish: content, build, deploy, Search Console). Polls the server once a second; works against any host of the API.
/// </summary>
public sealed partial class ProvisionTracker(WfClient client, IAnsiConsole console)
{
    /// <summary>The pipeline steps in order, as the orchestration reports them in its custom status.</summary>
    public static readonly IReadOnlyList<string> Steps = ["zone", "records", "nameservers", "delegation", "hosting_site", "certificate", "analytics", "publish"];

    /// <summary>The final state of one site.</summary>
    /// <param name="Domain">The domain.</param>
    /// <param name="Succeeded">Whether provisioning succeeded.</param>
    /// <param name="Status">The instance status.</param>
    /// <param name="Error">The error, when it failed.</param>
    public sealed record SiteResult(string Domain, bool Succeeded, string Status, string? Error);

    /// <summary>Follows a batch instance (<c>GET /api/batches/{id}</c>).</summary>
    /// <param name="batchId">The batch instance id.</param>
    /// <param name="timeout">Give up after this long.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>Per-site results.</returns>
    public Task<IReadOnlyList<SiteResult>> FollowBatchAsync(string batchId, TimeSpan timeout, CancellationToken ct) =>
        FollowAsync(
            async token =>
            {
                var batch = await client.GetAsync($"/api/batches/{Uri.EscapeDataString(batchId)}", token);
                var done = !WfClient.IsActive(batch.GetProperty("runtime_status").GetString());
                var sites = batch.GetProperty("sites").EnumerateArray().Select(Snapshot).ToList();
                return (sites, done);
            },
            timeout,
            ct);

    /// <summary>
    /// Follows single-site instances through the Durable Functions management API, by the instance id the start or retry
    /// answered with (the server derives it from the domain; <c>wf</c> never builds it).
    /// </summary>
    /// <param name="sites">The domains and their instance ids.</param>
    /// <param name="timeout">Give up after this long.</param>
    /// <param name="ct">Cancels the wait.</param>
    /// <returns>Per-site results.</returns>
    public Task<IReadOnlyList<SiteResult>> FollowSitesAsync(IReadOnlyList<(string Domain, string InstanceId)> sites, TimeSpan timeout, CancellationToken ct) =>
        FollowAsync(
            async token =>
            {
                var list = new List<SiteSnapshot>();
                foreach (var (d, id) in sites)
                {
                    var status = await client.GetAsync($"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}?showInput=false", token);
                    list.Add(new SiteSnapshot(
                        d,
                        status.GetProperty("runtimeStatus").GetString(),
                        Prop(status.GetProperty("customStatus"), "step"),
                        Prop(status.GetProperty("customStatus"), "detail"),
                        status.GetProperty("output")));
                }

                return (list, list.All(s => !WfClient.IsActive(s.RuntimeStatus)));
            },
            timeout,
            ct);

    private async Task<IReadOnlyList<SiteResult>> FollowAsync(Func<CancellationToken, Task<(List<SiteSnapshot> Sites, bool Done)>> poll, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        List<SiteSnapshot> last = [];
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                while (true)
                {
                    var (sites, done) = await poll(deadline.Token);
                    last = sites;
                    foreach (var s in sites)
                    {
                        if (!tasks.TryGetValue(s.Domain, out var task))
                        {
                            task = tasks[s.Domain] = progress.AddTask(s.Domain, maxValue: Steps.Count);
                        }

                        task.Value = s.StepsDone;
                        task.Description = s.Describe();
                        if (!WfClient.IsActive(s.RuntimeStatus) && s.RuntimeStatus is not null)
                        {
                            task.Value = s.Succeeded ? Steps.Count : task.Value;
                            task.StopTask();
                        }
                    }

                    if (done)
                    {
                        return;
                    }

                    await timer.WaitForNextTickAsync(deadline.Token);
                }
            });

        return [.. last.Select(s => new SiteResult(s.Domain, s.Succeeded, s.RuntimeStatus ?? "Pending", s.Error))];
    }

    private static SiteSnapshot Snapshot(JsonElement site) => new(
        site.GetProperty("domain").GetString()!,
        site.GetProperty("runtime_status").GetString(),
        Prop(site.GetProperty("custom_status"), "step"),
        Prop(site.GetProperty("custom_status"), "detail"),
        site.GetProperty("output"))
    {
        FailedStep = Prop(site, "failed_step"),
        FailureReason = Prop(site, "error"),
    };

    /// <summary>
    /// Reads the step and reason of a failed site run from its failure message, <c>{reason} [step={step}]</c> (the message
    /// of <c>SiteStepFailedException</c>, which the management API returns as a failed instance's output).
    /// </summary>
    /// <param name="message">The failure message.</param>
    /// <returns>The step (null when the message has no step tag) and the reason.</returns>
    public static (string? Step, string Reason) ReadFailure(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var m = StepTag().Match(message);
        return m.Success ? (m.Groups["step"].Value, message[..m.Index]) : (null, message);
    }

    [GeneratedRegex(@" \[step=(?<step>[a-z_]+)\]\z", RegexOptions.CultureInvariant)]
    private static partial Regex StepTag();

    /// <summary>Reads a property case-insensitively (custom status and outputs are serialized by the workflow host).</summary>
    /// <param name="e">The object.</param>
    /// <param name="name">The property.</param>
    /// <returns>The string value, or null.</returns>
    internal static string? Prop(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in e.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(p.Name.Replace("_", string.Empty, StringComparison.Ordinal), name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind.Null => null,
                    _ => p.Value.GetRawText(),
                };
            }
        }

        return null;
    }

    private sealed record SiteSnapshot(string Domain, string? RuntimeStatus, string? Step, string? Detail, JsonElement Output)
    {
        /// <summary>Gets the failed step the server read from the Failed instance (batch progress), if any.</summary>
        public string? FailedStep { get; init; }

        /// <summary>Gets the failure reason the server read from the Failed instance (batch progress), if any.</summary>
        public string? FailureReason { get; init; }

        // A failed step fails the instance; a completed instance with "succeeded": false is a run of an earlier version.
        public bool Succeeded => RuntimeStatus == "Completed" && Prop(Output, "succeeded") != "false";

        public string? Error => RuntimeStatus switch
        {
            "Completed" when !Succeeded => $"{Prop(Output, "failedStep") ?? "a step"} failed: {Prop(Output, "error")}",
            "Failed" => Failure(),
            "Terminated" => "terminated" + (Output.ValueKind == JsonValueKind.String ? ": " + Output.GetString() : string.Empty),
            _ => null,
        };

        private string Failure()
        {
            var (step, reason) = FailureReason is not null
                ? (FailedStep, FailureReason)
                : ReadFailure(Output.ValueKind == JsonValueKind.String ? Output.GetString()! : Prop(Output, "error") ?? "failed");
            return step is null ? reason : $"{step} failed: {reason}";
        }

        public int StepsDone => Step is null ? 0 : Step == "done" ? Steps.Count : Math.Max(0, Steps.ToList().IndexOf(Step));

        public string Describe()
        {
            var name = Markup.Escape(Domain);
            return RuntimeStatus switch
            {
                "Completed" when Succeeded => $"[green]{name}[/] done",
                "Completed" or "Failed" or "Terminated" => $"[red]{name}[/] {Markup.Escape(Error ?? "failed")}",
                null or "Pending" => $"{name} [grey]queued[/]",
                _ => $"{name} [blue]{Markup.Escape(Step ?? "starting")}[/]{(Detail is null ? string.Empty : " [grey]" + Markup.Escape(Detail.Length > 50 ? Detail[..50] : Detail) + "[/]")}",
            };
        }
    }
}
