using Xunit;

namespace WebsiteFactory.Testing.Sshd;

/// <summary>xunit fixture owning one <see cref="SshdServer"/> per test class (or collection).</summary>
public sealed class SshdFixture : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    public SshdServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Server = await SshdServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
