using System.Collections.Concurrent;
using Microsoft.DurableTask;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Tests.Infrastructure;

/// <summary>
/// Small orchestrations that stand in for the product pipelines (same names and input types, same failure model) so the
/// routes can be tested against the real engine without vendors.
/// </summary>
public static class TestWorkflows
{
    /// <summary>Domains starting with this fail their second step (until <see cref="Healed"/> contains them).</summary>
    public const string FailingPrefix = "fail";

    /// <summary>The step the stand-in provisioning reports when its second activity fails for good.</summary>
    public const string FailingStep = "records";

    /// <summary>Content actions (redeploy, regenerate, rollback) and teardown on domains starting with this wait for a <c>go</c> event.</summary>
    public const string HoldPrefix = "hold";

    /// <summary>The stand-in template rollout started with this canary size waits for a <c>go</c> event.</summary>
    public const int RolloutHoldCanary = 99;

    /// <summary>Domains whose second step fails too, whatever their prefix (until <see cref="Healed"/> contains them).</summary>
    public static readonly ConcurrentDictionary<string, bool> Failing = new();

    /// <summary>Domains whose step should succeed from now on (to test rewind).</summary>
    public static readonly ConcurrentDictionary<string, bool> Healed = new();

    private static readonly ConcurrentDictionary<string, int> CallCounts = new();

    /// <summary>How often an activity of the stand-in provisioning ran for a domain.</summary>
    /// <param name="activity"><c>TestPrepare</c> (always succeeds) or <c>TestStep</c> (fails for <see cref="FailingPrefix"/> domains).</param>
    /// <param name="domain">The domain.</param>
    /// <returns>The number of executions.</returns>
    public static int Calls(string activity, string domain) => CallCounts.GetValueOrDefault($"{activity}:{domain}");

    /// <summary>Registers the test orchestrations and activities.</summary>
    /// <param name="r">The registry.</param>
    public static void Register(DurableTaskRegistry r)
    {
        r.AddActivityFunc<string, string>("TestPrepare", (_, domain) =>
        {
            Count("TestPrepare", domain);
            return "prepared:" + domain;
        });
        r.AddActivityFunc<string, string>("TestStep", (_, domain) =>
        {
            Count("TestStep", domain);
            return (domain.StartsWith(FailingPrefix, StringComparison.Ordinal) || Failing.ContainsKey(domain)) && !Healed.ContainsKey(domain)
                ? throw new InvalidOperationException($"Step failed for {domain} with token=abcSECRETdef123456")
                : "ok:" + domain;
        });
        r.AddActivity<ResolveDomains>();

        // Like the product's ProvisionSite: a step's final failure fails the instance with SiteStepFailedException.
        r.AddOrchestratorFunc<ProvisionSiteInput, string>("ProvisionSite", async (ctx, _) =>
        {
            var domain = ctx.InstanceId[SiteInstanceIds.ProvisionPrefix.Length..];
            ctx.SetCustomStatus(new ProvisionStatus("zone"));
            await ctx.CallActivityAsync<string>("TestPrepare", domain);
            ctx.SetCustomStatus(new ProvisionStatus(FailingStep));
            try
            {
                return await ctx.CallActivityAsync<string>("TestStep", domain);
            }
            catch (TaskFailedException e)
            {
                ctx.SetCustomStatus(new ProvisionStatus(FailingStep, "failed"));
                throw new SiteStepFailedException(FailingStep, e.FailureDetails.ErrorMessage);
            }
        });
        r.AddOrchestratorFunc<ProvisionBatchInput, int>("ProvisionBatch", async (ctx, input) =>
        {
            var domains = await ctx.CallActivityAsync<IReadOnlyList<string>>(nameof(ResolveDomains), input.SiteIds);
            var tasks = input.SiteIds.Select((id, i) => ctx.CallSubOrchestratorAsync<string>("ProvisionSite", new ProvisionSiteInput(id), new SubOrchestrationOptions(instanceId: SiteInstanceIds.Provision(domains[i])))).ToList();
            var ok = 0;
            foreach (var t in tasks)
            {
                try
                {
                    await t;
                    ok++;
                }
                catch (TaskFailedException)
                {
                }
            }

            return ok;
        });

        // Stand-ins for the content orchestrations the site routes start: they return the site id they were given.
        // On a domain starting with HoldPrefix they wait for a "go" event first, so a test can hold one running.
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Content.PublishSiteInput, string>(WebsiteFactory.Workflows.Content.Redeploy.Name, (ctx, input) => HoldAsync(ctx, "redeploy:" + input.SiteId));
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Content.PublishSiteInput, string>(WebsiteFactory.Workflows.Content.RegenerateContent.Name, (ctx, input) => HoldAsync(ctx, "regenerate:" + input.SiteId));
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Content.PublishSiteInput, string>(WebsiteFactory.Workflows.Content.RollbackSite.Name, (ctx, input) => HoldAsync(ctx, "rollback:" + input.SiteId));
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Teardown.TeardownSiteInput, string>(WebsiteFactory.Workflows.Teardown.TeardownSite.Name, (ctx, input) => HoldAsync(ctx, "teardown:" + input.SiteId));
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Reconcile.ReconcileInput, string>(WebsiteFactory.Workflows.Reconcile.ReconcileVendors.Name, (_, input) => Task.FromResult($"fix={input.Fix} by={input.RequestedBy}"));
        r.AddOrchestratorFunc<WebsiteFactory.Workflows.Rollout.TemplateRolloutInput?, string>(WebsiteFactory.Workflows.Rollout.TemplateRollout.Name, async (ctx, input) =>
        {
            // Holds for a go event when the canary is RolloutHoldCanary, so a second start meets a running rollout.
            if (input?.CanarySize == RolloutHoldCanary)
            {
                await ctx.WaitForExternalEvent<string>("go");
            }

            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"canary={input?.CanarySize} wave={input?.MaxWaveSize} parallel={input?.MaxParallel} threshold={input?.FailureThreshold} sites={(input?.SiteIds is { } ids ? ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all")}");
        });
        r.AddOrchestratorFunc<string?, string?>("Echo", (_, input) => Task.FromResult(input));
        r.AddOrchestratorFunc<string?, string>("WaitForGo", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go"));
        r.AddOrchestratorFunc<string?, string>("AlwaysFails", Task<string> (_, _) => throw new InvalidOperationException("boom"));
    }

    /// <summary>Returns <paramref name="result"/>, after a <c>go</c> event when the instance's domain starts with <see cref="HoldPrefix"/>.</summary>
    private static async Task<string> HoldAsync(TaskOrchestrationContext ctx, string result)
    {
        if (ctx.InstanceId[(ctx.InstanceId.IndexOf('-', StringComparison.Ordinal) + 1)..].StartsWith(HoldPrefix, StringComparison.Ordinal))
        {
            await ctx.WaitForExternalEvent<string>("go");
        }

        return result;
    }

    private static void Count(string activity, string domain) => CallCounts.AddOrUpdate($"{activity}:{domain}", 1, (_, n) => n + 1);

    /// <summary>Maps site ids to domains.</summary>
    [DurableTask(nameof(ResolveDomains))]
    public sealed class ResolveDomains(ISiteRepository sites) : TaskActivity<IReadOnlyList<Guid>, IReadOnlyList<string>>
    {
        /// <inheritdoc/>
        public override async Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, IReadOnlyList<Guid> input)
        {
            var list = new List<string>();
            foreach (var id in input)
            {
                list.Add((await sites.GetAsync(id))!.Domain.Value);
            }

            return list;
        }
    }
}
