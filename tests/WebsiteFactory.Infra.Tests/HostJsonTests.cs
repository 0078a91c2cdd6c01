using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// host.json's Durable Task section (hub name, storage provider, concurrency) and function timeout against what infra/
/// gives the app: the hub name setting, an identity-based connection the provider can use, and the roles it needs.
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed partial class HostJsonTests(CompiledTemplate template)
{
    private static JsonObject Host() => JsonNode.Parse(File.ReadAllText(RepositoryPaths.File("host.json")))!.AsObject();

    private static JsonObject DurableTask() => Host()["extensions"]!["durableTask"]!.AsObject();

    [Fact]
    public void HubName_IsTheSettingInfraSets_WithAValidDefault()
    {
        var hubName = (string?)DurableTask()["hubName"];
        var setting = Assert.IsType<string>(hubName).Trim('%');
        Assert.Equal($"%{setting}%", hubName);

        // infra sets the setting from its taskHubName parameter, whose default (and the sample's value) must be a name the
        // Azure Storage provider accepts: 3-45 letters and digits, starting with a letter.
        var settings = AppSettings.TemplateSettings(template);
        Assert.True(settings.TryGetValue(setting, out var value), $"infra/ does not set {setting}, which host.json's hubName reads");
        Assert.Equal("[parameters('taskHubName')]", value);
        var parameter = template.Root["parameters"]!["taskHubName"]!;
        Assert.Matches(TaskHubName(), (string?)parameter["defaultValue"]);
        Assert.Matches(TaskHubName(), AppSettings.SampleValues()[setting]);
        Assert.True((int?)parameter["maxLength"] <= 45);
        Assert.Equal("[parameters('taskHubName')]", (string?)template.Root["outputs"]![setting]?["value"]);
    }

    [Fact]
    public void StorageProvider_IsAzureStorage_OnTheIdentityBasedConnectionInfraSets()
    {
        var provider = DurableTask()["storageProvider"]!;
        Assert.Equal("AzureStorage", (string?)provider["type"]);
        var connection = Assert.IsType<string>((string?)provider["connectionName"]);

        // Identity-based: <connection>__accountName + __credential (+ __clientId for a user-assigned identity); a plain
        // connection string would need the shared key the storage account refuses.
        var settings = AppSettings.TemplateSettings(template);
        Assert.False(settings.ContainsKey(connection), $"{connection} as a connection string needs a shared key");
        Assert.True(settings.ContainsKey(connection + "__accountName"));
        Assert.Equal("managedidentity", settings[connection + "__credential"]);
        Assert.True(settings.ContainsKey(connection + "__clientId"));

        // The Azure Storage provider keeps partitions in 1..16 (control queues); the default is 4.
        var partitions = (int?)provider["partitionCount"] ?? 4;
        Assert.InRange(partitions, 1, 16);
    }

    [Fact]
    public void Concurrency_IsBoundedPerInstance()
    {
        var durable = DurableTask();
        var activities = (int?)durable["maxConcurrentActivityFunctions"];
        var orchestrators = (int?)durable["maxConcurrentOrchestratorFunctions"];

        // Unset, the extension takes 10 x processor count, which on a 2 GB Flex Consumption instance runs too many
        // npm/Astro builds and SSH sessions at once; the app sets both explicitly.
        Assert.NotNull(activities);
        Assert.NotNull(orchestrators);
        Assert.InRange(activities.Value, 1, 32);
        Assert.InRange(orchestrators.Value, 1, 32);

        // Extended sessions keep orchestrator state in memory between episodes; they need an idle timeout.
        if ((bool?)durable["extendedSessionsEnabled"] == true)
        {
            Assert.True((int?)durable["extendedSessionIdleTimeoutInSeconds"] > 0, "extendedSessionsEnabled needs extendedSessionIdleTimeoutInSeconds");
        }

        // Inputs and outputs can carry site content; they stay out of the telemetry.
        Assert.False((bool?)durable["tracing"]?["traceInputsAndOutputs"] ?? false);
    }

    [Fact]
    public void FunctionTimeout_OutlastsEveryActivitysOwnTimeouts()
    {
        // An activity that runs an external step (npm install + astro build, rsync, an SSH command) bounds it with its
        // options' *Timeout settings; the host must not cancel the function before those fire and report a clear error.
        var functionTimeout = TimeSpan.Parse(Assert.IsType<string>((string?)Host()["functionTimeout"]), System.Globalization.CultureInfo.InvariantCulture);
        var longest = SettingReads.ProductTypes()
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Type: t, Total: t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.PropertyType == typeof(TimeSpan) && p.Name.EndsWith("Timeout", StringComparison.Ordinal) && p.GetMethod is not null)
                .Aggregate(TimeSpan.Zero, (sum, p) => sum + (TimeSpan)p.GetValue(Activator.CreateInstance(t))!)))
            .MaxBy(t => t.Total);

        Assert.True(longest.Total > TimeSpan.FromMinutes(10), $"expected the build or deploy options to bound a long step, found {longest.Type?.Name} {longest.Total}");
        Assert.True(functionTimeout > longest.Total,
            $"functionTimeout {functionTimeout} ends before {longest.Type?.Name}'s timeouts (together {longest.Total}) can fire");

        // Flex Consumption has no upper bound, but an unbounded (-1) timeout lets a hung activity hold an instance forever.
        Assert.True(functionTimeout > TimeSpan.Zero && functionTimeout <= TimeSpan.FromHours(2));
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$")]
    private static partial Regex TaskHubName();
}
