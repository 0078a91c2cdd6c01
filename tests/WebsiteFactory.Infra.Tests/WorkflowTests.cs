using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// .github/workflows against the rest: CI runs the tests the way <c>.ci/run</c> does and publishes the project azure.yaml
/// deploys; the deploy workflow provisions and deploys with azd and gives it every parameter value that has no default.
/// </summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed partial class WorkflowTests(CompiledTemplate template)
{
    [Fact]
    public void Ci_RunsTheTestsThroughCiRun_WhichBuildsAndTestsTheSolution()
    {
        var runs = Steps("ci.yml").Select(s => Scalar(s, "run")).ToList();

        Assert.Contains(runs, r => Regex.IsMatch(r, @"(^|\s)(bash\s+)?\.?/?\.ci/run\b"));
        Assert.Contains("./build.sh test", File.ReadAllText(RepositoryPaths.File(".ci", "run")), StringComparison.Ordinal);
        var build = File.ReadAllText(RepositoryPaths.File("build.sh"));
        Assert.Matches(@"dotnet build WebsiteFactory\.sln -c Release", build);
        Assert.Matches(@"dotnet test WebsiteFactory\.sln -c Release --no-build", build);
    }

    [Fact]
    public void Ci_PublishesTheProjectAzdDeploys_WithTheRepositorySdk()
    {
        var project = AzdServiceProject();
        var runs = Steps("ci.yml").Select(s => Scalar(s, "run")).ToList();

        Assert.Contains(runs, r => r.Contains("dotnet publish " + project, StringComparison.Ordinal));
        foreach (var workflow in new[] { "ci.yml", "deploy.yml" })
        {
            var setup = Steps(workflow).Where(s => Scalar(s, "uses").StartsWith("actions/setup-dotnet@", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(setup);
            Assert.All(setup, s => Assert.Equal("global.json", Scalar((YamlMappingNode)s.Children[new YamlScalarNode("with")], "global-json-file")));
        }
    }

    [Fact]
    public void Ci_BicepStepFindsTheCliAtTheCentralVersion()
    {
        // The lint step reads the version from Directory.Packages.props with sed; the line must keep that shape.
        var props = File.ReadAllText(RepositoryPaths.File("Directory.Packages.props"));
        Assert.Matches(@"""Azure\.Bicep\.CommandLine\.linux-x64"" Version=""[^""]+""", props);
        Assert.Contains(Steps("ci.yml").Select(s => Scalar(s, "run")), r => r.Contains("lint infra/main.bicep", StringComparison.Ordinal));
    }

    [Fact]
    public void Deploy_ProvisionsAndDeploysWithAzd_FederatedWithoutSecrets()
    {
        var text = File.ReadAllText(Workflow("deploy.yml"));
        var runs = Steps("deploy.yml").Select(s => Scalar(s, "run")).ToList();

        Assert.True(runs.Any(r => r.Contains("azd up", StringComparison.Ordinal))
                    || (runs.Any(r => r.Contains("azd provision", StringComparison.Ordinal)) && runs.Any(r => r.Contains("azd deploy", StringComparison.Ordinal))));
        Assert.Contains(runs, r => r.Contains("--federated-credential-provider github", StringComparison.Ordinal));
        Assert.DoesNotContain("secrets.", text, StringComparison.Ordinal);
        var permissions = (YamlMappingNode)Load(Workflow("deploy.yml")).Children[new YamlScalarNode("permissions")];
        Assert.Equal("write", Scalar(permissions, "id-token"));
    }

    [Fact]
    public void Deploy_GivesAzdEveryParameterValueWithoutADefault()
    {
        // azd fills main.parameters.json from its environment: ${NAME} has no fallback, ${NAME=default} has one. Every
        // main.bicep parameter without a default must be there, and every ${NAME} without a fallback set by the workflow.
        using var parameters = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.File("infra", "main.parameters.json")));
        var mapped = parameters.RootElement.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("value").GetString() ?? "");
        var required = template.Root["parameters"]!.AsObject().Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key).ToList();
        Assert.True(required.Count > 0);
        Assert.All(required, name => Assert.True(mapped.ContainsKey(name), $"main.bicep parameter {name} has no default and is not in main.parameters.json"));

        var environment = ((YamlMappingNode)Job("deploy.yml")["env"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        var unset = mapped.Values.Select(v => AzdVariable().Match(v)).Where(m => m.Success && !m.Groups["default"].Success)
            .Select(m => m.Groups["name"].Value)
            .Where(name => !environment.Contains(name))
            .ToList();
        Assert.True(unset.Count == 0, "variables main.parameters.json needs that the deploy job does not set: " + string.Join(", ", unset));
        Assert.All(mapped.Keys, name => Assert.True(template.Root["parameters"]![name] is not null, $"main.parameters.json sets {name}, which main.bicep does not declare"));
    }

    private static string AzdServiceProject()
    {
        var services = (YamlMappingNode)Load(RepositoryPaths.File("azure.yaml")).Children[new YamlScalarNode("services")];
        var api = (YamlMappingNode)services.Children[new YamlScalarNode("api")];
        return Scalar(api, "project").TrimStart('.', '/').TrimEnd('/');
    }

    private static string Workflow(string name) => RepositoryPaths.File(".github", "workflows", name);

    private static YamlMappingNode Load(string path)
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(path));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static Dictionary<string, YamlNode> Job(string workflow)
    {
        var jobs = (YamlMappingNode)Load(Workflow(workflow)).Children[new YamlScalarNode("jobs")];
        var job = Assert.Single(jobs.Children.Values.OfType<YamlMappingNode>());
        return job.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => p.Value);
    }

    private static IEnumerable<YamlMappingNode> Steps(string workflow)
    {
        var jobs = (YamlMappingNode)Load(Workflow(workflow)).Children[new YamlScalarNode("jobs")];
        return jobs.Children.Values.OfType<YamlMappingNode>()
            .SelectMany(j => j.Children.TryGetValue(new YamlScalarNode("steps"), out var steps) ? ((YamlSequenceNode)steps).Children.OfType<YamlMappingNode>() : []);
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value ?? "" : "";

    [GeneratedRegex(@"^\$\{(?<name>[A-Z_][A-Z0-9_]*)(?<default>=[^}]*)?\}$")]
    private static partial Regex AzdVariable();
}
