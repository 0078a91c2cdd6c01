using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using WebsiteFactory.Conformance.Tests.Scenarios;

namespace WebsiteFactory.Conformance.Tests.Comparison;

/// <summary>Turns one host's finished run into a <see cref="HostObservation"/>.</summary>
internal static class Observer
{
    public static async Task<HostObservation> ObserveAsync(HostRun run, Scenario scenario, CancellationToken cancellation)
    {
        var lines = new List<string>();
        OrchestrationMetadata? root = null;
        var ids = run.Host.Recorder.InstancesOf(run.Token).Append(run.RootId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var metadata = await run.Client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellation);
            root = id == run.RootId ? metadata : root;
            var log = run.Host.Recorder.Snapshot(id);

            // Placeholders are numbered per instance: two instances may start at the same instant on one host (one
            // batch commit) and not on the other, so equal stamps across instances mean nothing.
            var normalizer = new Normalizer();
            lines.Add($"instance {id}");
            if (metadata is null)
            {
                lines.Add("  not found");
                continue;
            }

            lines.Add($"  name: {metadata.Name}");
            lines.Add($"  runtime status: {metadata.RuntimeStatus}");
            lines.Add($"  input: {normalizer.Apply(metadata.SerializedInput)}");
            lines.Add($"  output: {normalizer.Apply(metadata.SerializedOutput)}");
            lines.Add($"  custom status: {normalizer.Apply(metadata.SerializedCustomStatus)}");
            for (TaskFailureDetails? f = metadata.FailureDetails, outer = null; f is not null; outer = f, f = f.InnerFailure)
            {
                lines.Add($"  {(outer is null ? "failure" : "  inner failure")}: {f.ErrorType}: {normalizer.Apply(f.ErrorMessage)}");
            }

            lines.AddRange(log.Statuses.Select((s, i) => $"  custom status #{i + 1}: {normalizer.Apply(s)}"));
            lines.AddRange(log.Actions.Select(a => $"  call: {normalizer.Apply(a)}"));
            var executions = log.Executions.Select(e => $"  execution: {normalizer.Apply(e)}");
            lines.AddRange(scenario.ParallelActivities ? executions.Order(StringComparer.Ordinal) : executions);
        }

        lines.AddRange(run.Notes.Select(n => $"note: {n}"));
        return new HostObservation(root, lines);
    }
}
