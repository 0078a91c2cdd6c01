using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// host.json and the Functions code read only settings that local.settings.sample.json documents, and the sample
/// holds placeholders, never a credential.
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
    public void FunctionsCode_EverySettingItReadsIsInTheSample()
    {
        var sources = Directory.EnumerateFiles(RepositoryPaths.File("src", "WebsiteFactory.Functions"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(sources, f => Path.GetFileName(f) == "Program.cs");

        var sample = AppSettings.SampleValues();
        var read = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            var text = File.ReadAllText(source);
            foreach (Match reference in SettingReference().Matches(text))
            {
                read.Add(reference.Groups["name"].Value);
            }

            foreach (Match lookup in ConfigurationLookup().Matches(text))
            {
                read.Add(lookup.Groups["name"].Value);
            }

            foreach (Match lookup in ConnectionStringLookup().Matches(text))
            {
                read.Add("ConnectionStrings:" + lookup.Groups["name"].Value);
            }
        }

        var missing = read.Select(ToEnvironmentKey)
            // A section name is covered when the sample has a key inside it.
            .Where(k => !sample.ContainsKey(k) && !sample.Keys.Any(s => s.StartsWith(k + "__", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.True(missing.Count == 0, "settings read by src/WebsiteFactory.Functions but not in local.settings.sample.json: " + string.Join(", ", missing));
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

    // configuration["X"] (any identifier containing "config"), GetSection("X"), GetRequiredSection("X"),
    // GetValue<T>("X") with a literal key.
    [GeneratedRegex(@"(?:\b\w*[Cc]onfig\w*\[\s*""|GetSection\(\s*""|GetValue<[^>]+>\(\s*""|GetRequiredSection\(\s*"")(?<name>[A-Za-z_][A-Za-z0-9_:]*)""")]
    private static partial Regex ConfigurationLookup();

    [GeneratedRegex(@"GetConnectionString\(\s*""(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex ConnectionStringLookup();

    // Keys whose value would be a credential or carry one (ConnectionStrings__X, *_CONNECTION_STRING, *Token, *ApiKey).
    [GeneratedRegex("(?i)(connectionstring|connection_string|password|apikey$|accesskey|token$|secret$)")]
    private static partial Regex SecretLike();

    private static string ToEnvironmentKey(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);
}
