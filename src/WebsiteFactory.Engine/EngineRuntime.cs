using Microsoft.Extensions.Options;
using Npgsql;
using WebsiteFactory.Engine.Dispatch;
using WebsiteFactory.Engine.Storage;

namespace WebsiteFactory.Engine;

/// <summary>
/// What the engine's client and worker share in one process: options, the store, the in-process wake-up signals and
/// the schema, created once on first use by either of them.
/// </summary>
internal sealed class EngineRuntime : IDisposable
{
    private readonly SemaphoreSlim schemaGate = new(1, 1);
    private volatile bool schemaReady;

    public EngineRuntime(IOptions<EngineOptions> options, NpgsqlDataSource dataSource, TimeProvider? time = null)
    {
        this.Options = options.Value;
        this.Store = new EngineStore(dataSource, this.Options, time);
        this.Signals = new Signals(this.Store.Time);
    }

    public EngineOptions Options { get; }

    public EngineStore Store { get; }

    public Signals Signals { get; }

    public EngineStatistics Statistics { get; } = new();

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (this.schemaReady || !this.Options.EnsureSchema)
        {
            return;
        }

        await this.schemaGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!this.schemaReady)
            {
                await EngineSchema.EnsureAsync(this.Store.DataSource, this.Options.Schema, ct).ConfigureAwait(false);
                this.schemaReady = true;
            }
        }
        finally
        {
            this.schemaGate.Release();
        }
    }

    public void Dispose() => this.schemaGate.Dispose();
}
