namespace WebsiteFactory.Infra.Tests;

/// <summary>Where a setting gets a value.</summary>
internal enum SettingScope
{
    /// <summary>An app setting on Azure (infra/) and a key of local.settings.sample.json.</summary>
    Both,

    /// <summary>An app setting on Azure only (identity-based connections, the managed identity's client id).</summary>
    Azure,

    /// <summary>A key of local.settings.sample.json only (Azure uses another form of it).</summary>
    Local,

    /// <summary>
    /// Neither: the code's default is the right value on Azure and locally (tuning knobs of an options section), or the
    /// read happens only on a path Azure never takes.
    /// </summary>
    Default,
}

/// <summary>
/// One setting the Functions app reads. <see cref="Key"/> is the configuration key (<c>Section:Key</c>) or a section bound
/// to an options type; an app setting spells it with <c>__</c>.
/// </summary>
/// <param name="Key">Configuration key or section.</param>
/// <param name="Scope">Where it gets a value.</param>
/// <param name="Why">Why it is set there, or why the default is right.</param>
internal sealed record Setting(string Key, SettingScope Scope, string Why)
{
    /// <summary>
    /// A section bound to an options type, whose settable properties are the keys below it: the product type whose
    /// <c>SectionName</c> constant is <see cref="Key"/>, or the type named <see cref="OptionsTypeName"/>. Named, not
    /// referenced, so a renamed options type fails a test with a message instead of this file's build.
    /// </summary>
    public bool Section { get; init; }

    /// <summary>The options type's name where the code binds the section without a <c>SectionName</c> constant.</summary>
    public string? OptionsTypeName { get; init; }

    /// <summary>Read by the Functions host, the platform or an Azure SDK, not by the product's code.</summary>
    public bool Platform { get; init; }

    /// <summary>The value is a credential: Azure sets it as a Key Vault reference (infra: keyVaultSettings), never in plain text.</summary>
    public bool Secret { get; init; }

    /// <summary>The app setting (environment variable) name.</summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>
/// Every setting the Functions app reads, and where Azure and a developer's machine get it. Kept complete by
/// <see cref="SettingsCoverageTests"/>: every configuration read in the app's source (<see cref="SettingReads"/>) must be
/// here, every entry must still be read (or be a property of a listed options section), and infra/main.bicep and
/// local.settings.sample.json must set exactly the entries whose scope says so.
/// </summary>
internal static class FunctionsSettings
{
    private const string Knobs = "tuning knobs; their documented defaults are right on Azure and locally";

    public static readonly IReadOnlyList<Setting> All =
    [
        // Functions host and platform.
        new("AzureWebJobsStorage", SettingScope.Local, "Azurite locally; Azure uses the identity-based form below") { Platform = true },
        new("AzureWebJobsStorage__accountName", SettingScope.Azure, "host storage and the task hub, through the managed identity") { Platform = true },
        new("AzureWebJobsStorage__credential", SettingScope.Azure, "managedidentity") { Platform = true },
        new("AzureWebJobsStorage__clientId", SettingScope.Azure, "the user-assigned identity (the app has no system-assigned one)") { Platform = true },
        new("FUNCTIONS_WORKER_RUNTIME", SettingScope.Local, "func start needs it; Flex Consumption takes functionAppConfig.runtime and rejects the setting") { Platform = true },
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", SettingScope.Both, "telemetry endpoint (no credential: local auth is off)") { Platform = true },
        new("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", SettingScope.Azure, "ingestion with the identity's Entra token") { Platform = true },
        new("AZURE_CLIENT_ID", SettingScope.Azure, "DefaultAzureCredential's environment default for any Azure SDK client") { Platform = true },

        // host.json and trigger expressions.
        new("WF_TASK_HUB", SettingScope.Both, "host.json hubName; one task hub per deployment"),
        new("Authentication:EasyAuth", SettingScope.Default, Knobs) { Section = true },
        new("Authentication:EasyAuth:Enabled", SettingScope.Both, "trust X-MS-CLIENT-PRINCIPAL only where App Service authentication fronts the app (off until infra/ sets it up)"),
        new("Authentication:EasyAuth:RoleClaim", SettingScope.Both, "the claim carrying the app roles read/operate/admin"),
        new("Authentication:EasyAuth:DefaultScope", SettingScope.Both, "the scope of a signed-in user without a role (read, or none to refuse)"),
        new("Analytics:NightlySchedule", SettingScope.Both, "the nightly timer's NCRONTAB schedule (%Analytics:NightlySchedule%)"),
        new("Reconcile:NightlySchedule", SettingScope.Both, "the nightly reconcile timer's NCRONTAB schedule (%Reconcile:NightlySchedule%)"),

        // Data layer.
        new("ConnectionStrings:WebsiteFactory", SettingScope.Both, "PostgreSQL; on Azure the Entra principal as user, no password"),
        new("Database", SettingScope.Default, Knobs) { Section = true },
        new("Database:UseEntraId", SettingScope.Both, "the password is an Entra token for Azure Database for PostgreSQL"),
        new("Database:ManagedIdentityClientId", SettingScope.Azure, "the token comes from the user-assigned identity; locally the developer's az login"),
        new("Secrets", SettingScope.Default, Knobs) { Section = true },
        new("Secrets:Provider", SettingScope.Both, "KeyVault"),
        new("Secrets:KeyVaultUri", SettingScope.Both, "the vault infra/ creates"),
        new("Secrets:ManagedIdentityClientId", SettingScope.Azure, "Key Vault is read as the user-assigned identity"),
        new("LocalPostgres", SettingScope.Default, "the self-started cluster runs only without ConnectionStrings:WebsiteFactory, which both set") { Section = true },
        new("XDG_DATA_HOME", SettingScope.Default, "environment; only the local secret store's default directory") { Platform = true },
        new("PATH", SettingScope.Default, "environment; only to find local PostgreSQL binaries") { Platform = true },

        // Vendors.
        new("Providers:Cloudflare", SettingScope.Default, Knobs) { Section = true },
        new("Providers:Cloudflare:BaseUrl", SettingScope.Both, "API base URL"),
        new("Providers:Namecheap", SettingScope.Default, Knobs) { Section = true },
        new("Providers:Namecheap:Endpoint", SettingScope.Both, "API endpoint (the sandbox has another)"),
        new("Providers:Spaceship", SettingScope.Default, Knobs) { Section = true },
        new("Providers:Spaceship:BaseUrl", SettingScope.Both, "API base URL"),
        new("Providers:Matomo", SettingScope.Default, Knobs) { Section = true },
        new("Providers:Matomo:Url", SettingScope.Both, "the Matomo instance"),
        new("Providers:Matomo:TokenSecretName", SettingScope.Both, "Key Vault secret name (the value stays in the vault)"),
        new("Providers:Dns", SettingScope.Default, Knobs + " (Cloudflare DNS over HTTPS)") { Section = true },
        new("Providers:CloudPanel", SettingScope.Default, Knobs + " (clpctl over SSH)") { Section = true },
        new("Providers:ServerConsole", SettingScope.Default, Knobs + " (the server console: services shown, disk paths, systemctl/nginx commands, log scan window)") { Section = true },
        new("Preflight", SettingScope.Default, Knobs + " (pre-flight timeouts, secret age, disk thresholds, the batch gate)") { Section = true },
        new("Preflight:Cloudflare", SettingScope.Default, Knobs + " (pending-zone cap)") { Section = true },

        // Content pipeline.
        new("Content:Generator", SettingScope.Default, Knobs) { Section = true },
        new("Content:Generator:BaseUrl", SettingScope.Both, "OpenAI-compatible endpoint"),
        new("Content:Generator:Model", SettingScope.Both, "model or deployment name"),
        new("Content:Generator:ApiKeySecretName", SettingScope.Both, "Key Vault secret name"),
        new("Content:Directus", SettingScope.Default, Knobs) { Section = true },
        new("Content:Directus:BaseUrl", SettingScope.Both, "the Directus instance"),
        new("Content:Directus:TokenSecretName", SettingScope.Both, "Key Vault secret name"),
        new("Content:Build", SettingScope.Default, Knobs + " (npm/Astro of the Local mode)") { Section = true },
        new("Content:Build:Mode", SettingScope.Both, "Remote: a Functions instance has no node or rsync, so sites build on their server over SSH.NET (the app's default too, set for all to see)"),
        new("Content:Build:Remote", SettingScope.Default, Knobs + " (server-side build: cache and node directories, build slots, timeouts)") { Section = true },
        new("Content:Deploy", SettingScope.Default, Knobs + " (release layout and retention, shared by the rsync and SFTP deployers)") { Section = true },
        new("Content:SearchConsole", SettingScope.Default, Knobs + " (Google endpoints and quotas)") { Section = true },
        new("Content:Workflow:MatomoUrl", SettingScope.Both, "tracker URL baked into built sites"),
        new("Content:Workflow:ArtifactsDirectory", SettingScope.Both, "where builds write (/tmp is the writable disk on Flex Consumption)"),

        // Provisioning inputs.
        new("Provisioning", SettingScope.Default, Knobs + " (copied into every orchestration input)") { Section = true, OptionsTypeName = "ProvisionSettings" },
        new("Provisioning:DelegationTimeout", SettingScope.Both, "how long a site waits for the registrar delegation"),
    ];
}
