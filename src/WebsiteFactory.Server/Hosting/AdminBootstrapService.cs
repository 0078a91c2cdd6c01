using Microsoft.Extensions.Options;
using WebsiteFactory.Server.Auth;

namespace WebsiteFactory.Server.Hosting;

/// <summary>
/// On start (after migrations): creates the local admin when no user exists and prints the generated password once to
/// the console. The password goes to standard output only, never to the log pipeline, and only its hash is stored.
/// </summary>
public sealed class AdminBootstrapService(AdminPasswords passwords, IOptions<LocalAdminOptions> options, ServerConsole console) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var generated = await passwords.EnsureAdminAsync(options.Value, cancellationToken);
        if (generated is not null)
        {
            console.WriteLine($"""

                ================================================================
                 Website Factory: created the dashboard admin user.
                   user:     {options.Value.UserName}
                   password: {generated}
                 This password is shown only now; only its hash is stored.
                ================================================================

                """);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
