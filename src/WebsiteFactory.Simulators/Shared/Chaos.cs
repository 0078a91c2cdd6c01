namespace WebsiteFactory.Simulators.Shared;

/// <summary>Latency and failure injection shared by all vendor simulators.</summary>
internal sealed class Chaos(SimulatorOptions options, TimeProvider clock)
{
    private readonly Random _random = new(options.Seed);
    private readonly Lock _lock = new();

    public enum Fault
    {
        None,
        ServerError,
        Timeout,
        Reset,
    }

    public async Task<Fault> BeforeRequestAsync(string method, CancellationToken cancellationToken)
    {
        double latencyFraction;
        double roll;
        lock (_lock)
        {
#pragma warning disable CA5394 // Simulated latency and faults need a seeded, reproducible source, not a secure one.
            latencyFraction = _random.NextDouble();
            roll = _random.NextDouble();
#pragma warning restore CA5394
        }

        var lat = options.Latency;
        var delay = lat.Minimum + (lat.Maximum - lat.Minimum) * latencyFraction;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
        }

        var f = options.Failures;
        if (f.OnlyMethod is { } only && !string.Equals(only, method, StringComparison.OrdinalIgnoreCase))
        {
            return Fault.None;
        }

        if (roll < f.ServerErrorRate)
        {
            return Fault.ServerError;
        }

        roll -= f.ServerErrorRate;
        if (roll < f.TimeoutRate)
        {
            await Task.Delay(f.TimeoutHang, clock, cancellationToken).ConfigureAwait(false);
            return Fault.Timeout;
        }

        roll -= f.TimeoutRate;
        return roll < f.ConnectionResetRate ? Fault.Reset : Fault.None;
    }
}
