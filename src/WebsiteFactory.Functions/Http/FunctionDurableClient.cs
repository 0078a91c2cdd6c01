using Microsoft.DurableTask.Client;

namespace WebsiteFactory.Functions.Http;

/// <summary>
/// Holds the <see cref="DurableTaskClient"/> the Durable Functions extension bound to the running HTTP function
/// (<c>[DurableClient]</c>), so the shared handlers can take a <see cref="DurableTaskClient"/> parameter from the
/// invocation's services as they do on the local server. Scoped: one per invocation.
/// </summary>
public sealed class FunctionDurableClient
{
    /// <summary>Gets or sets the bound client; null outside an HTTP function.</summary>
    public DurableTaskClient? Client { get; set; }

    /// <summary>Gets the bound client.</summary>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">No HTTP function bound one in this scope.</exception>
    public DurableTaskClient Required() =>
        this.Client ?? throw new InvalidOperationException("No Durable Functions client is bound in this scope: only the generated HTTP functions (ApiFunctions) provide one.");
}
