namespace WebsiteFactory.Infra.Tests;

/// <summary>infra/ compiles and lints cleanly with the packaged Bicep CLI (offline, local modules only).</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class BicepTemplateTests(CompiledTemplate template)
{
    [Fact]
    public void Build_MainTemplate_SucceedsWithoutDiagnostics()
    {
        Assert.True(template.Build.ExitCode == 0, template.Build.StandardError);
        // Warnings and errors go to stderr; a clean build prints nothing there.
        Assert.Equal("", template.Build.StandardError.Trim());
        Assert.NotEmpty(template.Resources);
    }

    [Fact]
    public void Modules_AreLocalFiles_NoRegistryReferences()
    {
        // Registry modules (br:, ts:) cannot be restored offline; CI builds and lints without network access.
        var files = Directory.EnumerateFiles(RepositoryPaths.Infra, "*.bicep", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotMatch(@"module\s+\w+\s+'(br|ts)[:/]", text);
        }
    }

    [Fact]
    public void BicepConfig_RaisesSecurityRulesToErrors()
    {
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json")));
        var rules = config.RootElement.GetProperty("analyzers").GetProperty("core").GetProperty("rules");
        foreach (var rule in new[]
                 {
                     "outputs-should-not-contain-secrets", "secure-parameter-default", "secure-secrets-in-params",
                     "use-secure-value-for-secure-inputs", "no-hardcoded-env-urls", "no-unused-params", "protect-commandtoexecute-secrets",
                 })
        {
            Assert.Equal("error", rules.GetProperty(rule).GetProperty("level").GetString());
        }
    }

    [Fact]
    public void MainTemplate_FollowsAzdConventions()
    {
        var main = File.ReadAllText(RepositoryPaths.MainBicep);

        Assert.Contains("param environmentName string", main, StringComparison.Ordinal);
        Assert.Contains("param location string", main, StringComparison.Ordinal);
        Assert.Contains("toLower(uniqueString(", main, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Infra, "abbreviations.json")));

        using var parameters = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")));
        var values = parameters.RootElement.GetProperty("parameters");
        Assert.Equal("${AZURE_ENV_NAME}", values.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", values.GetProperty("location").GetProperty("value").GetString());
    }
}
