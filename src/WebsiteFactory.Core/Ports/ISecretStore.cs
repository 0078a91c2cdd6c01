namespace WebsiteFactory.Core.Ports;

/// <summary>
/// Secret values by name. Tables, orchestration inputs and outputs, logs and errors carry secret <em>names</em> only;
/// the value is fetched here at the moment of use. Key Vault in Azure, an encrypted local store on one machine.
/// </summary>
/// <remarks>
/// Names are restricted to <c>[A-Za-z0-9-]{1,127}</c> (Key Vault's rule) so the same names work on both stores.
/// Implementations never log values.
/// </remarks>
public interface ISecretStore
{
    /// <summary>Returns the value, or throws <see cref="KeyNotFoundException"/> naming the missing secret.</summary>
    Task<string> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Returns the value, or null when it does not exist.</summary>
    Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a secret.</summary>
    Task SetAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a secret; no error when absent.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);
}
