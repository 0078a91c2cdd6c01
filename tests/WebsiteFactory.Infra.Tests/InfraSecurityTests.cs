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
    public void RoleAssignments_GrantTheIdentityExactlyWhatTheAppNeeds_OnEachResource()
    {
        var grants = RoleGrants.Of(template);
        var identity = grants.Where(g => g.Principal == "identity").Select(g => (g.Role, g.ScopeType, g.Conditional)).ToHashSet();

        // Identity-based AzureWebJobsStorage (host leases and keys, the Durable Task Azure Storage provider's queues,
        // tables and blobs, the Flex Consumption package): Blob Data Owner, Queue and Table Data Contributor on that account.
        // Telemetry with Entra auth: Monitoring Metrics Publisher on the component. Key Vault references and the secret
        // store: Secrets User (read values; no list of keys, no write) on the vault. Nothing else, nothing wider.
        var expected = new HashSet<(string, string, bool)>
        {
            (StorageBlobDataOwner, "Microsoft.Storage/storageAccounts", false),
            (StorageQueueDataContributor, "Microsoft.Storage/storageAccounts", false),
            (StorageTableDataContributor, "Microsoft.Storage/storageAccounts", false),
            (MonitoringMetricsPublisher, "Microsoft.Insights/components", false),
            (KeyVaultSecretsUser, "Microsoft.KeyVault/vaults", false),
        };
        Assert.True(identity.SetEquals(expected),
            $"the app identity's roles: missing [{string.Join(", ", expected.Except(identity))}], extra [{string.Join(", ", identity.Except(expected))}]");

        // The operator who runs azd may load secrets, only when named, only on the vault.
        var others = grants.Where(g => g.Principal != "identity").ToList();
        var operatorGrant = Assert.Single(others);
        Assert.Equal(new RoleGrant("operatorPrincipalId", KeyVaultSecretsOfficer, "Microsoft.KeyVault/vaults", Conditional: true), operatorGrant);
        Assert.DoesNotContain(grants, g => g.Role.StartsWith('?') || g.ScopeType.Length == 0);
    }

    [Fact]
    public void RoleAssignments_AreForTheIdentityTheAppRunsAs()
    {
        // The rbac module looks the identity up by the name the identity module creates it with; the app runs as it
        // (site identity and keyVaultReferenceIdentity) and the host's storage connection names its client id.
        var deployments = template.OfType("Microsoft.Resources/deployments");
        string? Parameter(string deployment, string name) =>
            (string?)deployments.Single(d => (string?)d["name"] == deployment)["properties"]!["parameters"]![name]?["value"];

        Assert.Equal(Parameter("identity", "name"), Parameter("rbac", "identityName"));
        Assert.Equal(Parameter("storage", "name"), Parameter("rbac", "storageAccountName"));
        Assert.Equal(Parameter("keyvault", "name"), Parameter("rbac", "keyVaultName"));
        Assert.Matches(@"'Microsoft\.Resources/deployments', 'identity'\),[^)]*\)\.outputs\.id\.value\]$", Parameter("functionapp", "identityId"));
        Assert.Matches(@"'Microsoft\.Resources/deployments', 'identity'\),[^)]*\)\.outputs\.clientId\.value\]$", Parameter("functionapp", "identityClientId"));
        Assert.Matches(@"'Microsoft\.Resources/deployments', 'storage'\),[^)]*\)\.outputs\.name\.value\]$", Parameter("functionapp", "storageAccountName"));
        var site = template.SingleOf("Microsoft.Web/sites");
        Assert.Equal("[parameters('identityId')]", (string?)site["properties"]!["keyVaultReferenceIdentity"]);
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

    // Built-in role definition ids (the same in every tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    // The Application Insights connection string carries only the ingestion endpoint and instrumentation key;
    // with local auth disabled (Monitoring_LocalAuthDisabled) ingestion needs an Entra token, so it is no credential.
    private static readonly HashSet<string> NotCredentials = ["applicationInsightsConnectionString"];

    // Names that suggest a credential. KEY_VAULT is a resource, not a key, so "key" alone is not matched.
    [GeneratedRegex("password|secret|connectionstring|accountkey|apikey|sastoken|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
