using WebsiteFactory.Simulators.CloudPanel;
using Xunit;

namespace WebsiteFactory.Testing.Sshd;

/// <summary>xunit fixture owning one <see cref="LoopbackSshServer"/> per test class (or collection).</summary>
public sealed class SshdFixture : IAsyncLifetime
{
    /// <summary>The running server.</summary>
    public LoopbackSshServer Server { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Server = await LoopbackSshServer.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
