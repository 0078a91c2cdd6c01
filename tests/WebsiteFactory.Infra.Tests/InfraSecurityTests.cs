using System.Text.RegularExpressions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>Security properties of the compiled template: no shared keys, no passwords, RBAC everywhere.</summary>
[Collection(CompiledTemplateGroup.Name)]
public sealed partial class InfraSecurityTests(CompiledTemplate template)
{
    [Fact]
    public void Storage_SharedKeyAccessDisabled()
    {
        var properties = template.SingleOf("Microsoft.Storage/storageAccounts")["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
    }

    [Fact]
    public void KeyVault_UsesRbacWithPurgeProtection()
    {
        var properties = template.SingleOf("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True(properties["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(properties["enablePurgeProtection"]!.GetValue<bool>());
        Assert.True(properties["enableSoftDelete"]!.GetValue<bool>());
        Assert.Null(properties["accessPolicies"]);
    }

    [Fact]
    public void Postgres_EntraOnly_PasswordAuthDisabled()
    {
        var properties = template.SingleOf("Microsoft.DBforPostgreSQL/flexibleServers")["properties"]!;

        Assert.Equal("Disabled", (string?)properties["authConfig"]!["passwordAuth"]);
        Assert.Equal("Enabled", (string?)properties["authConfig"]!["activeDirectoryAuth"]);
        Assert.Null(properties["administratorLogin"]);
        Assert.Null(properties["administratorLoginPassword"]);

        var admin = template.SingleOf("Microsoft.DBforPostgreSQL/flexibleServers/administrators")["properties"]!;
        Assert.Equal("ServicePrincipal", (string?)admin["principalType"]);
    }

    [Fact]
    public void Postgres_FirewallAllowsAzureServicesOnly()
    {
        var rules = template.OfType("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules");

        var rule = Assert.Single(rules);
        Assert.Equal("0.0.0.0", (string?)rule["properties"]!["startIpAddress"]);
        Assert.Equal("0.0.0.0", (string?)rule["properties"]!["endIpAddress"]);
    }

    [Fact]
    public void Monitoring_LocalAuthDisabled()
    {
        var properties = template.SingleOf("Microsoft.Insights/components")["properties"]!;

        Assert.True(properties["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_HasNoSecretParametersOrOutputs()
    {
        foreach (var (name, definition) in template.AllParameters())
        {
            if (!NotCredentials.Contains(name))
            {
                Assert.DoesNotMatch(SecretName(), name);
            }

            Assert.NotEqual("securestring", ((string?)definition?["type"])?.ToLowerInvariant());
        }

        foreach (var (name, _) in template.AllOutputs().Where(o => !NotCredentials.Contains(o.Key)))
        {
            Assert.DoesNotMatch(SecretName(), name);
        }

        // list*() returns keys and connection strings; nothing here may need one.
        Assert.DoesNotMatch(@"\blist(Keys|Secrets|ConnectionStrings|AccountSas|ServiceSas|Credentials?)\s*\(", template.Text);
        Assert.DoesNotContain("AccountKey=", template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Password=", template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RoleAssignments_GrantTheIdentityExactlyWhatTheHostNeeds()
    {
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments");
        Assert.NotEmpty(assignments);

        foreach (var role in new[]
                 {
                     "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
                     "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
                     "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                     "3913510d-42f4-4e42-8a64-420c390055eb", // Monitoring Metrics Publisher
                     "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
                 })
        {
            Assert.Contains(role, template.Text, StringComparison.OrdinalIgnoreCase);
        }

        // Broad roles (Owner, Contributor, User Access Administrator, Key Vault Administrator) are never granted.
        foreach (var broad in new[]
                 {
                     "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c",
                     "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "00482a5a-887f-4fb3-b363-3b7fe8e74483",
                 })
        {
            Assert.DoesNotContain(broad, template.Text, StringComparison.OrdinalIgnoreCase);
        }

        // Every assignment is scoped to one resource, not to the resource group or subscription.
        Assert.All(assignments, a => Assert.False(string.IsNullOrEmpty((string?)a["scope"]), $"unscoped role assignment {a["name"]}"));
    }

    [Fact]
    public void FunctionApp_BasicPublishingCredentialsDisabled()
    {
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p["properties"]!["allow"]!.GetValue<bool>()));
        var site = template.SingleOf("Microsoft.Web/sites")["properties"]!;
        Assert.True(site["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("Disabled", (string?)site["siteConfig"]!["ftpsState"]);
    }

    [Fact]
    public void StaticWebApp_LinksTheFunctionAppAsBackend()
    {
        var swa = template.SingleOf("Microsoft.Web/staticSites");
        Assert.Equal("Standard", (string?)swa["sku"]!["name"]);

        var backend = template.SingleOf("Microsoft.Web/staticSites/linkedBackends");
        Assert.NotNull(backend["properties"]!["backendResourceId"]);
    }

    [Fact]
    public void Outputs_IncludeWhatAzdNeeds()
    {
        var outputs = template.Root["outputs"]!.AsObject();

        foreach (var name in new[]
                 {
                     "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_RESOURCE_GROUP", "AZURE_KEY_VAULT_NAME", "AZURE_KEY_VAULT_URI",
                     "SERVICE_API_NAME", "AZURE_FUNCTION_APP_NAME", "AZURE_POSTGRES_HOST",
                 })
        {
            Assert.True(outputs.ContainsKey(name), $"missing output {name}");
        }
    }

    // The Application Insights connection string carries only the ingestion endpoint and instrumentation key;
    // with local auth disabled (Monitoring_LocalAuthDisabled) ingestion needs an Entra token, so it is no credential.
    private static readonly HashSet<string> NotCredentials = ["applicationInsightsConnectionString"];

    // Names that suggest a credential. KEY_VAULT is a resource, not a key, so "key" alone is not matched.
    [GeneratedRegex("password|secret|connectionstring|accountkey|apikey|sastoken|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
