using System.Diagnostics.Metrics;

namespace WebsiteFactory.Engine.Dispatch;

/// <summary>OpenTelemetry-friendly engine meters (meter name <c>WebsiteFactory.Engine</c>).</summary>
internal sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "WebsiteFactory.Engine";

    private readonly Meter meter;

    public EngineMetrics(IMeterFactory? factory = null)
    {
        this.meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        this.Episodes = this.meter.CreateCounter<long>("wf.engine.episodes", description: "Orchestration episodes committed");
        this.FenceRejections = this.meter.CreateCounter<long>("wf.engine.fence_rejections", description: "Episodes dropped because another worker owned the instance");
        this.BatchSize = this.meter.CreateHistogram<int>("wf.engine.episode_batch_size", description: "Instances per episode batch");
    }

    public Counter<long> Episodes { get; }

    public Counter<long> FenceRejections { get; }

    public Histogram<int> BatchSize { get; }

    public void Dispose() => this.meter.Dispose();
}
