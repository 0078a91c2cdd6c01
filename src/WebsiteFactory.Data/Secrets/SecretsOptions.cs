namespace WebsiteFactory.Data.Secrets;

/// <summary>Secret store settings (configuration section <c>Secrets</c>).</summary>
public sealed class SecretsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Secrets";

    /// <summary>Which store. Default <see cref="SecretStoreProvider.Local"/>.</summary>
    public SecretStoreProvider Provider { get; set; } = SecretStoreProvider.Local;

    /// <summary>Vault URI for <see cref="SecretStoreProvider.KeyVault"/>, e.g. <c>https://kv-wf.vault.azure.net/</c>. Required then.</summary>
    public Uri? KeyVaultUri { get; set; }

    /// <summary>Client id of a user-assigned managed identity for Key Vault; null uses <c>DefaultAzureCredential</c>'s chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// Directory of the local store. Default <c>$XDG_DATA_HOME/website-factory/secrets</c>
    /// (<c>~/.local/share/website-factory/secrets</c>), or <c>/var/lib/website-factory/secrets</c> when running as root; the
    /// server sets <c>{Server:DataDirectory}/secrets</c>, so instances with different data directories never share a secret.
    /// </summary>
    public string? LocalDirectory { get; set; }

    /// <summary>
    /// How long secret values are kept in memory (see <see cref="CachingSecretStore"/>); zero turns the cache off.
    /// Default 5 minutes.
    /// </summary>
    public TimeSpan CacheTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The directory the local store uses: <see cref="LocalDirectory"/> or the default.</summary>
    public string ResolveLocalDirectory()
    {
        if (!string.IsNullOrWhiteSpace(LocalDirectory))
        {
            return Path.GetFullPath(LocalDirectory);
        }

        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            return "/var/lib/website-factory/secrets";
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrWhiteSpace(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "website-factory", "secrets");
    }
}
