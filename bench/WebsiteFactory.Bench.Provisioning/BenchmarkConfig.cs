using System.Globalization;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Benchmark parameters (command line <c>--name=value</c>).</summary>
internal sealed record BenchmarkConfig
{
    public int Sites { get; init; } = 500;
    public int CloudflareAccounts { get; init; } = 25;
    public int NamecheapUsers { get; init; } = 5;
    public int SpaceshipKeys { get; init; } = 5;
    public int Servers { get; init; } = 10;
    public int SessionsPerServer { get; init; } = 2;
    public double Speed { get; init; } = 20;
    public int NaiveSample { get; init; } = 3;
    public TimeSpan LatencyMin { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan LatencyMax { get; init; } = TimeSpan.FromMilliseconds(300);

    public static BenchmarkConfig Parse(string[] args)
    {
        var c = new BenchmarkConfig();
        foreach (var a in args)
        {
            var parts = a.TrimStart('-').Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"Expected --name=value, got '{a}'.");
            }

            var v = parts[1];
            c = parts[0].ToLowerInvariant() switch
            {
                "sites" => c with { Sites = int.Parse(v, CultureInfo.InvariantCulture) },
                "accounts" => c with { CloudflareAccounts = int.Parse(v, CultureInfo.InvariantCulture) },
                "namecheap-users" => c with { NamecheapUsers = int.Parse(v, CultureInfo.InvariantCulture) },
                "spaceship-keys" => c with { SpaceshipKeys = int.Parse(v, CultureInfo.InvariantCulture) },
                "servers" => c with { Servers = int.Parse(v, CultureInfo.InvariantCulture) },
                "sessions" => c with { SessionsPerServer = int.Parse(v, CultureInfo.InvariantCulture) },
                "speed" => c with { Speed = double.Parse(v, CultureInfo.InvariantCulture) },
                "naive-sample" => c with { NaiveSample = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option '{parts[0]}'."),
            };
        }

        return c;
    }
}
