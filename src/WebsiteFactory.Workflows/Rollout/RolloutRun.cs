using Microsoft.DurableTask;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Rollout.Activities;

namespace WebsiteFactory.Workflows.Rollout;

/// <summary>What happened to a site so far; <paramref name="Switched"/>: this rollout's release went live on it.</summary>
internal sealed record SiteRun(RolloutSite Site, int Wave, string Outcome, string? ReleaseId, string? Error, bool Switched);

/// <summary>
/// One execution of <see cref="TemplateRollout"/>: per-site redeploy + health check, rollback, progress. Orchestrator code:
/// only durable calls and the replay-safe clock. (A separate type rather than a partial of the orchestrator: the SDK's
/// orchestration analyzers do not follow an orchestrator across files.)
/// </summary>
internal sealed class RolloutRun(TaskOrchestrationContext context, TemplateRolloutInput input)
{
    private readonly ContentSettings settings = input.Content ?? new ContentSettings();

    public DateTime StartedAt { get; } = context.CurrentUtcDateTime;

    public List<SiteRun> Sites { get; } = [];

    public int Total { get; set; }

    public int Waves { get; set; }

    public int Wave { get; set; }

    public string? StopReason { get; set; }

    private int Parallel => Math.Max(1, input.MaxParallel ?? RolloutPlan.DefaultMaxParallel);

    public void Report(string phase) => context.SetCustomStatus(new TemplateRolloutStatus(
        phase,
        this.Wave,
        this.Waves,
        this.Total,
        this.Sites.Count(s => s.Outcome is RolloutOutcomes.Redeployed or RolloutOutcomes.Failed or RolloutOutcomes.Skipped or RolloutOutcomes.RolledBack or RolloutOutcomes.RollbackFailed),
        this.Sites.Count(s => s.Outcome == RolloutOutcomes.Redeployed),
        this.Sites.Count(s => s.Outcome == RolloutOutcomes.Failed),
        this.Sites.Count(s => s.Outcome == RolloutOutcomes.Skipped),
        this.Sites.Count(s => s.Outcome == RolloutOutcomes.RolledBack),
        this.StopReason));

    /// <summary>Redeploys and checks a wave's sites, at most <see cref="Parallel"/> at once; returns their outcomes.</summary>
    public async Task<List<SiteRun>> RedeployWaveAsync(IReadOnlyList<RolloutSite> wave, int number)
    {
        // Sites busy now are skipped without a child (see FindBusySitesActivity); the children check again under the gate.
        var busy = await context.CallActivityAsync<Dictionary<Guid, string>>(FindBusySitesActivity.Name, wave, ContentRetry.Options(this.settings));
        var skipped = wave.Where(s => busy.ContainsKey(s.SiteId)).Select(s => new SiteRun(s, number, RolloutOutcomes.Skipped, null, busy[s.SiteId], Switched: false)).ToList();
        this.Sites.AddRange(skipped);
        var results = await this.BoundedAsync(wave.Where(s => !busy.ContainsKey(s.SiteId)).ToList(), site => this.RedeployOneAsync(site, number), r =>
        {
            this.Sites.Add(r);
            this.Report("wave");
        });
        return [.. skipped, .. results];
    }

    /// <summary>Switches every site this rollout put on a new release back to its previous one.</summary>
    public async Task RollBackSwitchedAsync()
    {
        var switched = this.Sites.Where(s => s.Switched).ToList();
        await this.BoundedAsync(switched, this.RollBackOneAsync, r =>
        {
            var i = this.Sites.FindIndex(s => s.Site.SiteId == r.Site.SiteId);
            this.Sites[i] = r;
            this.Report("rolling_back");
        });
    }

    private async Task<SiteRun> RedeployOneAsync(RolloutSite site, int wave)
    {
        PublishSiteResult redeployed;
        try
        {
            redeployed = await context.CallSubOrchestratorAsync<PublishSiteResult>(
                Redeploy.Name,
                new PublishSiteInput(site.SiteId, this.settings, Exclusive: true),
                new SubOrchestrationOptions(instanceId: SiteInstanceIds.Redeploy(site.Domain)));
        }
        catch (TaskFailedException e)
        {
            return IsBusy(e.FailureDetails)
                ? new SiteRun(site, wave, RolloutOutcomes.Skipped, null, FailureReasons.Of(e.FailureDetails), Switched: false)
                : new SiteRun(site, wave, RolloutOutcomes.Failed, null, FailureReasons.Of(e.FailureDetails), Switched: false);
        }

        var release = redeployed.ReleaseId ?? string.Empty;
        try
        {
            var live = await context.CallActivityAsync<string>(
                CheckLiveReleaseActivity.Name,
                new ContentStepInput(site.SiteId, $"{context.InstanceId}:{site.Domain}:health", this.settings, release),
                ContentRetry.Options(this.settings));
            return live == release
                ? new SiteRun(site, wave, RolloutOutcomes.Redeployed, release, null, Switched: true)
                : new SiteRun(site, wave, RolloutOutcomes.Failed, release, $"Health check: the site serves release {(live.Length == 0 ? "(none)" : live)}, not {release}.", Switched: false);
        }
        catch (TaskFailedException e)
        {
            // The redeploy switched, so the new release is presumably live; a stop rolls it back.
            return new SiteRun(site, wave, RolloutOutcomes.Failed, release, "Health check failed: " + FailureReasons.Of(e.FailureDetails), Switched: true);
        }
    }

    private async Task<SiteRun> RollBackOneAsync(SiteRun run)
    {
        try
        {
            await context.CallSubOrchestratorAsync<string>(
                RollbackSite.Name,
                new PublishSiteInput(run.Site.SiteId, this.settings, Exclusive: true),
                new SubOrchestrationOptions(instanceId: SiteInstanceIds.Rollback(run.Site.Domain)));
            return run with { Outcome = RolloutOutcomes.RolledBack, Switched = false };
        }
        catch (TaskFailedException e)
        {
            var why = (IsBusy(e.FailureDetails) ? "Not rolled back (busy): " : "Rollback failed: ") + FailureReasons.Of(e.FailureDetails);
            return run with { Outcome = RolloutOutcomes.RollbackFailed, Error = run.Error is null ? why : $"{run.Error} {why}" };
        }
    }

    /// <summary>Runs <paramref name="work"/> for each item, at most <see cref="Parallel"/> at once, in item order of start.</summary>
    private async Task<List<SiteRun>> BoundedAsync<T>(IReadOnlyList<T> items, Func<T, Task<SiteRun>> work, Action<SiteRun> finished)
    {
        var results = new List<SiteRun>(items.Count);
        var running = new List<Task<SiteRun>>();
        async Task CollectOneAsync()
        {
            var done = await Task.WhenAny(running);
            running.Remove(done);
            var result = await done;
            results.Add(result);
            finished(result);
        }

        foreach (var item in items)
        {
            if (running.Count >= this.Parallel)
            {
                await CollectOneAsync();
            }

            running.Add(work(item));
        }

        while (running.Count > 0)
        {
            await CollectOneAsync();
        }

        return results;
    }

    private static bool IsBusy(TaskFailureDetails? failure)
    {
        for (var f = failure; f is not null; f = f.InnerFailure)
        {
            if (string.Equals(f.ErrorType, typeof(SiteBusyException).FullName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
