using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Tests.Infrastructure;

/// <summary>
/// Small orchestrations that stand in for the product pipelines (same names and input types) so the routes can be
/// tested against the real engine without vendors.
/// </summary>
public static class TestWorkflows
{
    /// <summary>Domains starting with this fail their step (until <see cref="Healed"/> contains them).</summary>
    public const string FailingPrefix = "fail";

    /// <summary>Domains whose step should succeed from now on (to test rewind).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Healed = new();

    /// <summary>Registers the test orchestrations and activities.</summary>
    /// <param name="r">The registry.</param>
    public static void Register(WorkflowRegistry r)
    {
        r.AddActivity<string, string>("TestStep", (_, domain) =>
            domain.StartsWith(FailingPrefix, StringComparison.Ordinal) && !Healed.ContainsKey(domain)
                ? throw new InvalidOperationException($"Step failed for {domain} with token=abcSECRETdef123456")
                : Task.FromResult("ok:" + domain));
        r.AddActivity<ResolveDomains>();
        r.AddOrchestrator<ProvisionSiteInput, string>("ProvisionSite", async (ctx, input) =>
        {
            ctx.SetCustomStatus(new { step = "TestStep" });
            return await ctx.CallActivityAsync<string>("TestStep", ctx.InstanceId["provision-".Length..]);
        });
        r.AddOrchestrator<ProvisionBatchInput, int>("ProvisionBatch", async (ctx, input) =>
        {
            var domains = await ctx.CallActivityAsync<IReadOnlyList<string>>(nameof(ResolveDomains), input.SiteIds);
            var tasks = input.SiteIds.Select((id, i) => ctx.CallSubOrchestratorAsync<string>("ProvisionSite", new ProvisionSiteInput(id), new SubOrchestrationOptions(instanceId: "provision-" + domains[i]))).ToList();
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
        r.AddOrchestrator<WebsiteFactory.Workflows.Content.PublishSiteInput, string>(WebsiteFactory.Workflows.Content.Redeploy.Name, (_, input) => Task.FromResult("redeploy:" + input.SiteId));
        r.AddOrchestrator<WebsiteFactory.Workflows.Content.PublishSiteInput, string>(WebsiteFactory.Workflows.Content.RegenerateContent.Name, (_, input) => Task.FromResult("regenerate:" + input.SiteId));
        r.AddOrchestrator<string?, string?>("Echo", (_, input) => Task.FromResult(input));
        r.AddOrchestrator<string?, string>("WaitForGo", async (ctx, _) => await ctx.WaitForExternalEvent<string>("go"));
        r.AddOrchestrator<string?, string>("AlwaysFails", (_, _) => throw new InvalidOperationException("boom"));
    }

    /// <summary>Maps site ids to domains.</summary>
    public sealed class ResolveDomains(ISiteRepository sites) : Activity<IReadOnlyList<Guid>, IReadOnlyList<string>>
    {
        /// <inheritdoc/>
        public override async Task<IReadOnlyList<string>> RunAsync(ActivityContext context, IReadOnlyList<Guid> input)
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
