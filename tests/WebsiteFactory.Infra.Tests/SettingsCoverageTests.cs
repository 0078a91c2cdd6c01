using System.Reflection;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The settings the Functions app reads (<see cref="FunctionsSettings"/>, kept honest against the source by
/// <see cref="SettingReads"/>) against the app settings infra/main.bicep gives the function app and the keys of
/// local.settings.sample.json. A setting added to the code fails here until it is listed with its scope, and a listed
/// setting fails until infra/ and the sample carry it.
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class SettingsCoverageTests(CompiledTemplate template)
{
    [Fact]
    public void Source_EveryConfigurationRead_IsListed()
    {
        var (reads, unresolved) = SettingReads.Scan();
        var listed = FunctionsSettings.All.Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = reads.Where(r => !listed.Contains(r.Key)).Select(r => $"{r.Key} ({r.Where})").Distinct().ToList();

        Assert.Contains(reads, r => r.Key == "ConnectionStrings:WebsiteFactory");
        Assert.Contains(reads, r => r.Key == "Analytics:NightlySchedule");
        Assert.True(unresolved.Count == 0, "configuration reads whose key is neither a literal nor a constant (use one): " + string.Join("; ", unresolved));
        Assert.True(missing.Count == 0, "settings the app reads that FunctionsSettings does not list (add each with its scope): " + string.Join(", ", missing));
    }

    [Fact]
    public void List_EveryProductSetting_IsStillRead()
    {
        var reads = SettingReads.Scan().Reads.Select(r => r.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = FunctionsSettings.All.Where(s => s.Section).ToList();
        var problems = new List<string>();
        foreach (var setting in FunctionsSettings.All.Where(s => !s.Platform && !reads.Contains(s.Key)))
        {
            // Not read by key: a property (or nested property) of a listed options section.
            var section = sections.Where(s => setting.Key.StartsWith(s.Key + ":", StringComparison.OrdinalIgnoreCase)).MaxBy(s => s.Key.Length);
            if (section is null)
            {
                problems.Add($"{setting.Key}: nothing reads it");
                continue;
            }

            var type = OptionsType(section);
            var path = setting.Key[(section.Key.Length + 1)..].Split(':');
            if (type is null || !IsSettable(type, path))
            {
                problems.Add($"{setting.Key}: {type?.Name ?? section.Key} has no settable property {string.Join('.', path)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("; ", problems));
    }

    [Fact]
    public void List_EverySectionHasOneOptionsType()
    {
        foreach (var section in FunctionsSettings.All.Where(s => s.Section))
        {
            Assert.True(OptionsType(section) is not null, $"section {section.Key}: no single product type has SectionName = \"{section.Key}\" (or is named {section.OptionsTypeName})");
        }
    }

    [Fact]
    public void Bicep_SetsExactlyTheAzureSettings()
    {
        var expected = FunctionsSettings.All.Where(s => s.Scope is SettingScope.Both or SettingScope.Azure).Select(s => s.AppSettingName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var actual = AppSettings.TemplateSettings(template).Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(expected.Count > 10);
        Assert.True(actual.SetEquals(expected),
            $"app settings missing in infra/: [{string.Join(", ", expected.Except(actual))}]; set by infra/ but not listed in FunctionsSettings: [{string.Join(", ", actual.Except(expected))}]");
    }

    [Fact]
    public void Sample_HasExactlyTheLocalSettings()
    {
        var expected = FunctionsSettings.All.Where(s => s.Scope is SettingScope.Both or SettingScope.Local).Select(s => s.AppSettingName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var actual = AppSettings.SampleValues().Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.True(actual.SetEquals(expected),
            $"keys missing in local.settings.sample.json: [{string.Join(", ", expected.Except(actual))}]; in the sample but not listed in FunctionsSettings: [{string.Join(", ", actual.Except(expected))}]");
    }

    [Fact]
    public void Bicep_SecretValuesAreKeyVaultReferences()
    {
        // A setting whose value is a credential goes through main.bicep's keyVaultSettings (setting -> secret name), which
        // the function app module turns into @Microsoft.KeyVault(SecretUri=...) references resolved with the identity.
        var keyVaultSettings = AppSettings.KeyVaultSettings(template);
        foreach (var secret in FunctionsSettings.All.Where(s => s.Secret))
        {
            Assert.True(keyVaultSettings.ContainsKey(secret.AppSettingName), $"{secret.AppSettingName} holds a credential: set it through keyVaultSettings");
        }

        Assert.All(keyVaultSettings.Keys, k => Assert.Contains(FunctionsSettings.All, s => s.Secret && s.AppSettingName == k));
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", template.Text, StringComparison.Ordinal);
        var site = template.SingleOf("Microsoft.Web/sites")["properties"]!;
        Assert.NotNull((string?)site["keyVaultReferenceIdentity"]);

        // And no plain setting looks like a credential: secret *names* are fine, values are not.
        foreach (var (key, value) in AppSettings.TemplateSettings(template))
        {
            if (value is not null && !key.EndsWith("SecretName", StringComparison.OrdinalIgnoreCase))
            {
                Assert.DoesNotMatch(@"(?i)(password|pwd|accountkey|sharedaccesskey|apikey|token)\s*=", value);
            }
        }
    }

    /// <summary>The options type of a listed section.</summary>
    internal static Type? OptionsType(Setting section)
    {
        var candidates = SettingReads.ProductTypes()
            .Where(t => section.OptionsTypeName is { } name
                ? t.Name == name
                : t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f && (string?)f.GetRawConstantValue() == section.Key)
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    private static bool IsSettable(Type type, ReadOnlySpan<string> path)
    {
        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null)
        {
            return false;
        }

        return path.Length == 1 ? property.SetMethod is { IsPublic: true } : IsSettable(property.PropertyType, path[1..]);
    }
}
