using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// host.json reads only settings that local.settings.sample.json documents, and the sample holds placeholders, never a
/// credential. What the code reads is checked by <see cref="SettingsCoverageTests"/>.
/// </summary>
public sealed partial class SettingsTests
{
    [Fact]
    public void HostJson_TaskHubNameComesFromASetting()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("host.json")));
        var hubName = host.RootElement.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString() ?? "";

        var match = SettingReference().Match(hubName);
        Assert.True(match.Success && match.Value == hubName, $"hubName '{hubName}' must be a %SETTING% reference");
        Assert.Contains(ToEnvironmentKey(match.Groups["name"].Value), AppSettings.SampleValues().Keys);
    }

    [Fact]
    public void HostJson_EverySettingReferenceIsInTheSample()
    {
        var sample = AppSettings.SampleValues();
        foreach (Match reference in SettingReference().Matches(File.ReadAllText(RepositoryPaths.File("host.json"))))
        {
            Assert.Contains(ToEnvironmentKey(reference.Groups["name"].Value), sample.Keys);
        }
    }

    [Fact]
    public void Sample_HoldsPlaceholdersOnly()
    {
        foreach (var (key, value) in AppSettings.SampleValues())
        {
            // Secret *names* (Key Vault secret names) are fine; secret values are never written down.
            if (key.EndsWith("SecretName", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Matches("^[a-z0-9-]{1,127}$", value);
                continue;
            }

            Assert.DoesNotMatch(@"(?i)(password|pwd|accountkey|sharedaccesskey|sig|apikey|token)\s*=", value);
            Assert.DoesNotMatch("[A-Za-z0-9+/]{32,}={0,2}", value);
            Assert.DoesNotMatch("(?i)InstrumentationKey=[0-9a-f-]{36}", value);
            if (SecretLike().IsMatch(key))
            {
                Assert.True(value.Contains('<', StringComparison.Ordinal) || value == "UseDevelopmentStorage=true",
                    $"{key} must hold a <placeholder>");
            }
        }
    }

    // %Name% or %Section:Key% in host.json, attribute arguments ([TimerTrigger("%...%")]) and the like.
    [GeneratedRegex("%(?<name>[A-Za-z_][A-Za-z0-9_:]*)%")]
    private static partial Regex SettingReference();

    // Keys whose value would be a credential or carry one (ConnectionStrings__X, *_CONNECTION_STRING, *Token, *ApiKey).
    [GeneratedRegex("(?i)(connectionstring|connection_string|password|apikey$|accesskey|token$|secret$)")]
    private static partial Regex SecretLike();

    private static string ToEnvironmentKey(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);
}
