using YamlDotNet.RepresentationModel;

namespace WebsiteFactory.Infra.Tests;

/// <summary>azure.yaml deploys the Functions project as service 'api' with the Bicep in infra/.</summary>
public sealed class AzdManifestTests
{
    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryPaths.File("azure.yaml")));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value ?? "";

    [Fact]
    public void Service_Api_IsTheDotnetFunctionsProject()
    {
        var services = (YamlMappingNode)Load().Children[new YamlScalarNode("services")];
        var api = (YamlMappingNode)services.Children[new YamlScalarNode("api")];

        Assert.Equal("function", Scalar(api, "host"));
        Assert.Equal("dotnet", Scalar(api, "language"));
        Assert.Equal("src/WebsiteFactory.Functions", Scalar(api, "project").TrimStart('.', '/').TrimEnd('/'));
        Assert.True(File.Exists(RepositoryPaths.File("src", "WebsiteFactory.Functions", "WebsiteFactory.Functions.csproj")));
    }

    [Fact]
    public void Infra_IsTheLocalBicep()
    {
        var root = Load();
        if (root.Children.TryGetValue(new YamlScalarNode("infra"), out var node))
        {
            var infra = (YamlMappingNode)node;
            Assert.Equal("bicep", Scalar(infra, "provider"));
            Assert.Equal("infra", Scalar(infra, "path").TrimStart('.', '/').TrimEnd('/'));
            Assert.Equal("main", Scalar(infra, "module"));
        }

        // Without an infra section azd uses infra/main.bicep, which must exist either way.
        Assert.True(File.Exists(RepositoryPaths.MainBicep));
    }
}
