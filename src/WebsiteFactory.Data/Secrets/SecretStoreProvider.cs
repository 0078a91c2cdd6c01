namespace WebsiteFactory.Data.Secrets;

/// <summary>Which <see cref="Core.Ports.ISecretStore"/> to use (<c>Secrets:Provider</c>).</summary>
public enum SecretStoreProvider
{
    /// <summary>Files under <see cref="SecretsOptions.LocalDirectory"/>, AES-256-GCM encrypted (the embedded default).</summary>
    Local,
    /// <summary>Azure Key Vault at <see cref="SecretsOptions.KeyVaultUri"/>, authenticated with <c>DefaultAzureCredential</c>.</summary>
    KeyVault,
}
