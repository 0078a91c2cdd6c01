using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Tests;

/// <summary>What every host registers: the names stored instances and routes depend on, and the payload JSON.</summary>
public sealed class WorkflowRegistrationTests
{
    [Fact]
    public void AddProvisioningAndContentWorkflows_RegisteredNames_Unchanged()
    {
        var registry = new DurableTaskRegistry().AddProvisioning().AddContentWorkflows();

        Assert.Equal(
            new[] { "Analytics_Nightly", "Content_PublishSite", "Content_Redeploy", "Content_RegenerateContent", "Content_RollbackSite", "ProvisionBatch", "ProvisionSite", "Provisioning_AnalyticsRetry", "Reconcile", "TeardownSite", "TemplateRollout" },
            registry.GetOrchestrators().Select(o => o.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[]
            {
                "Analytics_Collect", "Analytics_ListSites",
                "Content_BuildSite", "Content_ConfirmVerification", "Content_DeploySite", "Content_GenerateContent",
                "Content_PublishVerificationToken", "Content_RecordFailure", "Content_RollbackSite_Activity",
                "Provisioning_CheckDelegation", "Provisioning_CheckOrigin", "Provisioning_CheckSiteIdle", "Provisioning_EnsureAnalytics", "Provisioning_EnsureHostingSite",
                "Provisioning_EnsureZone", "Provisioning_InstallCertificate", "Provisioning_ReconcileAnalytics", "Provisioning_RecordAnalyticsStatus",
                "Provisioning_RecordStepFailure", "Provisioning_ResolveBatchSites", "Provisioning_SetNameservers", "Provisioning_StartAnalyticsRetry",
                "Provisioning_UpsertRecords",
                "Reconcile_FixOrphanRecords", "Reconcile_ListTargets", "Reconcile_SaveReport", "Reconcile_ScanCloudflare", "Reconcile_ScanMatomo",
                "Reconcile_ScanRegistrar", "Reconcile_ScanSearchConsole", "Reconcile_ScanServer",
                "Rollout_CheckLiveRelease", "Rollout_FindBusySites", "Rollout_ListLiveSites",
                "Teardown_Analytics", "Teardown_Begin", "Teardown_Finish", "Teardown_HostingSite", "Teardown_Nameservers", "Teardown_RecordFailure",
                "Teardown_Records", "Teardown_Releases", "Teardown_SearchConsole", "Teardown_Zone",
            },
            registry.GetActivities().Select(a => a.Key.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AddProvisioningAndContentWorkflows_EveryName_IsAValidDistinctFunctionName()
    {
        // On Azure each task runs as a function of the same name, and the Functions host accepts only this pattern, in one
        // case-insensitive namespace shared by orchestrators and activities.
        var registry = new DurableTaskRegistry().AddProvisioning().AddContentWorkflows();
        string[] names = [.. registry.GetOrchestrators().Select(o => o.Key.Name), .. registry.GetActivities().Select(a => a.Key.Name)];

        Assert.All(names, name => Assert.Matches("^[A-Za-z][A-Za-z0-9_-]{0,127}$", name));
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Converter_Payloads_CamelCaseJsonReadBackCaseInsensitively()
    {
        var json = WorkflowSerialization.Converter.Serialize(new ProvisionStatus("hosting_site", "failed"));

        Assert.Equal("""{"step":"hosting_site","detail":"failed"}""", json);
        Assert.Equal(new ProvisionStatus("zone"), WorkflowSerialization.Converter.Deserialize<ProvisionStatus>("""{"Step":"zone"}"""));
        Assert.Equal("""{"completed":1,"total":2}""", WorkflowSerialization.Converter.Serialize(new { completed = 1, total = 2 }));
    }

    [Fact]
    public void AddWorkflowSerialization_Services_RegistersConverterUnlessOneIsThere()
    {
        using var withDefault = new ServiceCollection().AddWorkflowSerialization().BuildServiceProvider();
        var own = new Microsoft.DurableTask.Converters.JsonDataConverter(new JsonSerializerOptions());
        using var withOwn = new ServiceCollection().AddSingleton<DataConverter>(own).AddWorkflowSerialization().BuildServiceProvider();

        Assert.Same(WorkflowSerialization.Converter, withDefault.GetRequiredService<DataConverter>());
        Assert.Same(own, withOwn.GetRequiredService<DataConverter>());
    }
}
