namespace WebsiteFactory.Infra.Tests;

/// <summary>The function app: Flex Consumption, .NET isolated, identity-based storage, the product's settings.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed class FunctionAppTests(CompiledTemplate template)
{
    [Fact]
    public void Plan_IsFlexConsumption()
    {
        var plan = template.SingleOf("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True(plan["properties"]!["reserved"]!.GetValue<bool>());
    }

    [Fact]
    public void Site_RunsDotnetIsolated10_DeploysWithManagedIdentity()
    {
        var site = template.SingleOf("Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.Equal("UserAssigned", (string?)site["identity"]!["type"]);

        // The version is a module parameter; its default is what main.bicep deploys.
        var runtimeVersion = template.AllParameters().Single(p => p.Key == "runtimeVersion").Value!;
        Assert.Equal("10.0", (string?)runtimeVersion["defaultValue"]);

        // The worker runtime matches the framework the product builds for (net10.0 -> 10.0).
        var props = System.Xml.Linq.XDocument.Load(RepositoryPaths.File("Directory.Build.props"));
        var framework = props.Descendants("TargetFramework").Single().Value;
        Assert.Equal("net" + (string?)runtimeVersion["defaultValue"], framework);

        // azd finds the app to deploy service 'api' into by this tag.
        Assert.Contains("azd-service-name", site["tags"]!.ToJsonString(), StringComparison.Ordinal);
        var serviceName = template.AllParameters().First(p => p.Key == "serviceName" && (string?)p.Value!["defaultValue"] == "api");
        Assert.NotNull(serviceName.Value);
    }

    [Fact]
    public void Settings_StorageIsIdentityBased()
    {
        var settings = AppSettings.TemplateSettings(template);

        Assert.True(settings.ContainsKey("AzureWebJobsStorage__accountName"));
        Assert.True(settings.ContainsKey("AzureWebJobsStorage__clientId"));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.True(settings.ContainsKey("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.True(settings.ContainsKey("AZURE_CLIENT_ID"));

        // A connection string would need the shared key the storage account refuses; the runtime settings are
        // deprecated on Flex Consumption and fail the deployment.
        foreach (var forbidden in new[]
                 {
                     "AzureWebJobsStorage", "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
                     "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE",
                 })
        {
            Assert.False(settings.ContainsKey(forbidden), $"{forbidden} must not be set on a Flex Consumption app");
        }
    }

    [Fact]
    public void Settings_TaskHubAndDatabaseUseEntraId()
    {
        var settings = AppSettings.TemplateSettings(template);

        Assert.Equal("true", settings["Database__UseEntraId"]);
        Assert.Equal("KeyVault", settings["Secrets__Provider"]);
        Assert.True(settings.ContainsKey("WF_TASK_HUB"));
        Assert.True(settings.ContainsKey("ConnectionStrings__WebsiteFactory"));
    }
}
