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
            new[] { "Analytics.Nightly", "Content.PublishSite", "Content.Redeploy", "Content.RegenerateContent", "Content.RollbackSite", "ProvisionBatch", "ProvisionSite" },
            registry.GetOrchestrators().Select(o => o.Key.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[]
            {
                "Analytics.Collect", "Analytics.ListSites",
                "Content.BuildSite", "Content.ConfirmVerification", "Content.DeploySite", "Content.GenerateContent",
                "Content.PublishVerificationToken", "Content.RecordFailure", "Content.RollbackSite",
                "Provisioning.CheckDelegation", "Provisioning.CheckOrigin", "Provisioning.EnsureAnalytics", "Provisioning.EnsureHostingSite",
                "Provisioning.EnsureZone", "Provisioning.InstallCertificate", "Provisioning.RecordStepFailure", "Provisioning.ResolveBatchSites",
                "Provisioning.SetNameservers", "Provisioning.UpsertRecords",
            },
            registry.GetActivities().Select(a => a.Key.Name).Order(StringComparer.Ordinal));
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
