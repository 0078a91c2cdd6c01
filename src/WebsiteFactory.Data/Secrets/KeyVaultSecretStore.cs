using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Data.Secrets;

/// <summary>
/// <see cref="ISecretStore"/> on Azure Key Vault. In Azure the <see cref="SecretClient"/> authenticates with
/// <c>DefaultAzureCredential</c> (the app's managed identity); see <c>AddWebsiteFactoryData</c>.
/// </summary>
/// <remarks>
/// Vaults keep deleted secrets recoverable (soft delete), and setting a name that is deleted-but-recoverable fails with
/// 409; the store then recovers the deleted secret and writes the new value over it, so delete-then-set works as it does
/// locally. Error messages name the secret and the HTTP status, never the value.
/// </remarks>
public sealed partial class KeyVaultSecretStore : ISecretStore, ISecretAgeSource
{
    private readonly SecretClient _client;
    private readonly ILogger<KeyVaultSecretStore> _logger;

    /// <summary>Creates the store over a configured client.</summary>
    public KeyVaultSecretStore(SecretClient client, ILogger<KeyVaultSecretStore>? logger = null)
    {
        _client = client;
        _logger = logger ?? NullLogger<KeyVaultSecretStore>.Instance;
    }

    /// <inheritdoc />
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await TryGetAsync(name, cancellationToken) ?? throw new KeyNotFoundException($"Secret '{name}' does not exist in the key vault.");

    /// <inheritdoc />
    public async Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        try
        {
            var response = await _client.GetSecretAsync(name, null, cancellationToken);
            return response.Value.Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure("read", name, e);
        }
    }

    /// <inheritdoc />
    /// <remarks>Reads the latest version's <c>updated</c> attribute (its <c>created</c> when never updated); the value is not read.</remarks>
    public async Task<DateTimeOffset?> GetLastWrittenAsync(string name, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        try
        {
            DateTimeOffset? latest = null;
            await foreach (var version in _client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken))
            {
                if (version.Enabled != false && (version.UpdatedOn ?? version.CreatedOn) is { } at && (latest is null || at > latest))
                {
                    latest = at;
                }
            }

            return latest;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw Failure("read", name, e);
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            await _client.SetSecretAsync(name, value, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            Log.Recovering(_logger, name);
            try
            {
                var recovery = await _client.StartRecoverDeletedSecretAsync(name, cancellationToken);
                await recovery.WaitForCompletionAsync(cancellationToken);
                await _client.SetSecretAsync(name, value, cancellationToken);
            }
            catch (RequestFailedException again)
            {
                throw Failure("write", name, again);
            }
        }
        catch (RequestFailedException e)
        {
            throw Failure("write", name, e);
        }

        Log.Written(_logger, name);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        SecretName.Validate(name);
        try
        {
            await _client.StartDeleteSecretAsync(name, cancellationToken);
            Log.Deleted(_logger, name);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: deleting is idempotent.
        }
        catch (RequestFailedException e)
        {
            throw Failure("delete", name, e);
        }
    }

    private static InvalidOperationException Failure(string action, string name, RequestFailedException e) =>
        new($"Could not {action} secret '{name}' in the key vault: HTTP {e.Status} {e.ErrorCode}.", e);

    private static partial class Log
    {
        [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Secret {SecretName} written to the key vault")]
        public static partial void Written(ILogger logger, string secretName);

        [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "Secret {SecretName} deleted from the key vault")]
        public static partial void Deleted(ILogger logger, string secretName);

        [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "Secret {SecretName} is deleted but recoverable; recovering it before writing")]
        public static partial void Recovering(ILogger logger, string secretName);
    }
}
