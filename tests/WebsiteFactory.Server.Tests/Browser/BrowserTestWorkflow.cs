using System.Text.Json;
using Microsoft.DurableTask;

namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// A small orchestration the browser tests run on the real embedded engine, so the history views are tested against
/// recorded history (an activity, a durable timer, a failed activity the orchestrator survives) without depending on
/// the provisioning workflows or vendor simulators.
/// </summary>
public static class BrowserTestWorkflow
{
    public const string Name = "BrowserTestPipeline";
    public const string FailureMessage = "Simulated outage at the registrar";

    /// <summary>An orchestration that waits for a <c>go</c> event: started under a site operation's id, it keeps that site busy.</summary>
    public const string HoldName = "BrowserHold";

    public static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestratorFunc<JsonElement, string>(Name, async (context, input) =>
        {
            var domain = input.TryGetProperty("domain", out var d) ? d.GetString() ?? "?" : "?";
            var zone = await context.CallActivityAsync<string>("BrowserLookUpZone", domain);
            await context.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
            try
            {
                await context.CallActivityAsync<string>("BrowserBrokenStep", domain);
            }
            catch (TaskFailedException)
            {
                // The step is optional (like Matomo): the run goes on and completes.
            }

            return zone;
        })
        .AddOrchestratorFunc<JsonElement, string>(HoldName, (context, _) => context.WaitForExternalEvent<string>("go"))
        .AddActivityFunc<string, string>("BrowserLookUpZone", (_, domain) => $"zone of {domain}")
        .AddActivityFunc<string, string>("BrowserBrokenStep", string (_, _) => throw new InvalidOperationException(FailureMessage));
}
