using System.Globalization;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Writes secret values to the secret store around a repository write, so a failed write leaves no orphaned secret.</summary>
public static class SecretWrites
{
    /// <summary>The largest secret value accepted (a PEM key or a service-account JSON fits easily).</summary>
    public const int MaxSecretLength = 16 * 1024;

    /// <summary>The secret name for a field of a record: <c>{kind}-{id}-{field}</c> (letters, digits, hyphens).</summary>
    /// <param name="kind">The record kind (cloudflare, registrar, gsc, server).</param>
    /// <param name="id">The record id.</param>
    /// <param name="field">The field (api-token, ssh-key, …).</param>
    /// <returns>The name.</returns>
    public static SecretName Name(string kind, Guid id, string field) => SecretName.Parse($"{kind}-{id:N}-{field}", CultureInfo.InvariantCulture);

    /// <summary>Checks a secret value.</summary>
    /// <param name="errors">Collects errors.</param>
    /// <param name="field">The request field.</param>
    /// <param name="value">The value.</param>
    /// <param name="required">Whether it must be present.</param>
    public static void Check(List<FieldError> errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new FieldError(field, $"{field} is required (it is stored in the secret store and never returned)."));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxSecretLength)
        {
            errors.Add(new FieldError(field, $"{field} must be non-empty and at most {MaxSecretLength} characters."));
        }
    }

    /// <summary>Stores the secrets, then runs the write; if the write fails, secrets it created are deleted again.</summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="store">The secret store.</param>
    /// <param name="secrets">Name/value pairs; null values are skipped.</param>
    /// <param name="isNew">Whether the secrets are new (delete them on failure) rather than rotations of existing ones.</param>
    /// <param name="write">The repository write.</param>
    /// <param name="ct">Cancels the call.</param>
    /// <returns>The write's result.</returns>
    public static async Task<T> WriteAsync<T>(ISecretStore store, IEnumerable<(SecretName Name, string? Value)> secrets, bool isNew, Func<Task<T>> write, CancellationToken ct)
    {
        var written = new List<SecretName>();
        try
        {
            foreach (var (name, value) in secrets)
            {
                if (value is not null)
                {
                    await store.SetAsync(name.Value, value, ct);
                    written.Add(name);
                }
            }

            return await write();
        }
        catch when (isNew)
        {
            foreach (var name in written)
            {
                await store.DeleteAsync(name.Value, CancellationToken.None);
            }

            throw;
        }
    }

    /// <summary>Deletes secrets after their record was deleted.</summary>
    /// <param name="store">The store.</param>
    /// <param name="names">The names (nulls skipped).</param>
    /// <returns>A task.</returns>
    public static async Task DeleteAsync(ISecretStore store, params SecretName?[] names)
    {
        foreach (var n in names)
        {
            if (n is not null)
            {
                await store.DeleteAsync(n.Value, CancellationToken.None);
            }
        }
    }
}
