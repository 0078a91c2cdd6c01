namespace WebsiteFactory.Core.Ports;

/// <summary>
/// A secret store that knows when each secret was last written (Key Vault's <c>updated</c> attribute, the local store's file
/// time). Pre-flight uses it to warn about tokens due for rotation.
/// </summary>
public interface ISecretAgeSource
{
    /// <summary>When the secret was last written, or null when it does not exist.</summary>
    /// <param name="name">The secret's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The time, or null.</returns>
    Task<DateTimeOffset?> GetLastWrittenAsync(string name, CancellationToken cancellationToken = default);
}
