using System.Globalization;
using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Rollout.Activities;

namespace WebsiteFactory.Workflows.Rollout;

/// <summary>
/// "Template rollout" (<c>wf redeploy --all</c>): rebuilds and redeploys every live site (<see cref="LiveSites"/>) after a
/// template change, in waves, each site as a <see cref="Redeploy"/> child (<c>redeploy-{domain}</c>) followed by a health
/// check, and stops and rolls back when a wave fails.
/// </summary>
/// <remarks>
/// <para><b>Waves</b> (<see cref="RolloutPlan.WaveSizes"/>): a canary wave (default the larger of 5 sites and 1 % of the
/// fleet), then waves doubling up to <see cref="TemplateRolloutInput.MaxWaveSize"/> (default 100), each with at most
/// <see cref="TemplateRolloutInput.MaxParallel"/> redeploys at once. A wave is finished when every one of its sites is
/// redeployed and checked, before the next starts.</para>
/// <para><b>Health check</b> (<see cref="CheckLiveReleaseActivity"/>): after its redeploy completes, the site's doc root
/// must serve the release the redeploy switched to (read over SSH from the server).</para>
/// <para><b>Stop and rollback</b> (<see cref="RolloutPlan.ShouldStop"/>): any failure in the canary wave, or more than
/// <see cref="TemplateRolloutInput.FailureThreshold"/> (default 10 %) of a later wave's sites, stops the rollout: no
/// further wave starts, and every site this rollout switched to a new release is switched back to its previous one by a
/// <see cref="RollbackSite"/> child (<c>rollback-{domain}</c>). Sites whose redeploy failed were not switched (the switch
/// is atomic) and are left as they are; their failure is recorded on the site by the redeploy.</para>
/// <para><b>One operation per site.</b> A site busy with another operation is <b>skipped</b> (reported, not a failure,
/// and not counted against the threshold): before a wave starts, <see cref="FindBusySitesActivity"/> finds the sites with
/// an operation active (no child is started for them, so a redeploy already running keeps its own instance id), and the
/// children, started outside the API's per-site check, are <see cref="PublishSiteInput.Exclusive"/>: each checks again
/// under the site's gate. A site that became busy before its rollback is reported as
/// <see cref="RolloutOutcomes.RollbackFailed"/>.</para>
/// <para>Progress is the custom status (<see cref="TemplateRolloutStatus"/>), updated as each site finishes; the result
/// carries counts, per-wave durations and every site's outcome.</para>
/// </remarks>
[DurableTask(Name)]
public sealed class TemplateRollout : TaskOrchestrator<TemplateRolloutInput?, TemplateRolloutResult>
{
    /// <summary>Registered name.</summary>
    public const string Name = "TemplateRollout";

    /// <summary>Prefix of the instance ids the API gives rollouts (<c>rollout-{guid}</c>).</summary>
    public const string InstancePrefix = "rollout-";

    /// <inheritdoc />
    public override async Task<TemplateRolloutResult> RunAsync(TaskOrchestrationContext context, TemplateRolloutInput? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        input ??= new TemplateRolloutInput();
        var run = new RolloutRun(context, input);
        run.Report("listing");
        var sites = await context.CallActivityAsync<IReadOnlyList<RolloutSite>>(ListLiveSitesActivity.Name, input);
        var sizes = RolloutPlan.WaveSizes(sites.Count, input);
        run.Total = sites.Count;
        run.Waves = sizes.Count;

        var waveResults = new List<RolloutWaveResult>();
        string? stop = null;
        var offset = 0;
        for (var w = 0; w < sizes.Count && stop is null; w++)
        {
            run.Wave = w + 1;
            run.Report("wave");
            var started = context.CurrentUtcDateTime;
            var wave = sites.Skip(offset).Take(sizes[w]).ToList();
            offset += sizes[w];
            var results = await run.RedeployWaveAsync(wave, w + 1);
            var failed = results.Count(r => r.Outcome == RolloutOutcomes.Failed);
            var skipped = results.Count(r => r.Outcome == RolloutOutcomes.Skipped);
            var attempted = results.Count - skipped;
            waveResults.Add(new RolloutWaveResult(w + 1, wave.Count, results.Count(r => r.Outcome == RolloutOutcomes.Redeployed), failed, skipped, (context.CurrentUtcDateTime - started).TotalSeconds));
            if (RolloutPlan.ShouldStop(w, attempted, failed, input))
            {
                var first = results.First(r => r.Outcome == RolloutOutcomes.Failed);
                stop = w == 0
                    ? $"Canary wave: {failed} of {attempted} site(s) failed (first: {first.Site.Domain}: {first.Error})."
                    : string.Create(CultureInfo.InvariantCulture, $"Wave {w + 1}: {failed} of {attempted} site(s) failed ({100.0 * failed / attempted:0.#} %, more than the {100 * (input.FailureThreshold ?? RolloutPlan.DefaultFailureThreshold):0.#} % allowed; first: {first.Site.Domain}: {first.Error}).");
            }
        }

        // Sites of waves that never started.
        var wavesRun = waveResults.Count;
        for (var w = wavesRun; w < sizes.Count; w++)
        {
            var start = sizes.Take(w).Sum();
            foreach (var site in sites.Skip(start).Take(sizes[w]))
            {
                run.Sites.Add(new SiteRun(site, w + 1, RolloutOutcomes.NotStarted, null, null, Switched: false));
            }
        }

        if (stop is not null)
        {
            run.StopReason = stop;
            run.Report("rolling_back");
            await run.RollBackSwitchedAsync();
        }

        run.Report("done");
        var all = run.Sites;
        return new TemplateRolloutResult(
            Total: sites.Count,
            Waves: sizes.Count,
            WavesRun: wavesRun,
            Redeployed: all.Count(s => s.Outcome == RolloutOutcomes.Redeployed),
            Failed: all.Count(s => s.Outcome == RolloutOutcomes.Failed),
            Skipped: all.Count(s => s.Outcome == RolloutOutcomes.Skipped),
            RolledBack: all.Count(s => s.Outcome == RolloutOutcomes.RolledBack),
            RollbackFailed: all.Count(s => s.Outcome == RolloutOutcomes.RollbackFailed),
            NotStarted: all.Count(s => s.Outcome == RolloutOutcomes.NotStarted),
            Stopped: stop is not null,
            StopReason: stop,
            DurationSeconds: (context.CurrentUtcDateTime - run.StartedAt).TotalSeconds,
            WaveResults: waveResults,
            Sites: all.Select(s => new RolloutSiteOutcome(s.Site.SiteId, s.Site.Domain, s.Wave, s.Outcome, s.ReleaseId, s.Error)).ToList());
    }
}
