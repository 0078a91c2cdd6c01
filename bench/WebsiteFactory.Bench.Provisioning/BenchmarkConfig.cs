using System.Globalization;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>Fleet benchmark parameters (command line <c>--name=value</c>).</summary>
internal sealed record BenchmarkConfig
{
    /// <summary>Sites provisioned (and published) in one batch.</summary>
    public int Sites { get; init; } = 500;

    /// <summary>Cloudflare accounts the sites are spread over (1200 requests per 5 minutes each).</summary>
    public int CloudflareAccounts { get; init; } = 25;

    /// <summary>CloudPanel server records (all served by the one loopback sshd; the adapter's per-server session gates apply).</summary>
    public int Servers { get; init; } = 5;

    /// <summary>Concurrent SSH sessions per server (<c>Providers:CloudPanel:MaxSessionsPerServer</c>).</summary>
    public int SessionsPerServer { get; init; } = 2;

    /// <summary>
    /// Simulated seconds per real second, shared by the engine, the adapters and the simulators. Default 3: real CPU work
    /// (Astro, openssl, ssh, PostgreSQL) is multiplied by the speed, and at ×5 the publish stage of 500 sites is bound by
    /// the 2 cores of the reference machine instead of by the vendors' budgets the benchmark measures.
    /// </summary>
    public double Speed { get; init; } = 3;

    /// <summary>Whether the sites are published (content, Astro build, rsync deploy, Search Console).</summary>
    public bool Publish { get; init; } = true;

    /// <summary>Whether a template rollout over every live site follows the provisioning.</summary>
    public bool Rollout { get; init; } = true;

    /// <summary>Redeploys running at once within a rollout wave (<c>parallel</c> of <c>POST /api/redeploy</c>).</summary>
    public int RolloutParallel { get; init; } = 50;

    /// <summary>Where the stack keeps its state (cluster, sshd, releases); deleted at the end unless <see cref="Keep"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Keep the data directory for inspection.</summary>
    public bool Keep { get; init; }

    /// <summary>Real-time limit of the whole run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(60);

    public static BenchmarkConfig Parse(string[] args)
    {
        var c = new BenchmarkConfig();
        foreach (var a in args)
        {
            if (a is "--quick")
            {
                c = c with { Sites = 50, CloudflareAccounts = 5 };
                continue;
            }

            var parts = a.TrimStart('-').Split('=', 2);
            var v = parts.Length == 2 ? parts[1] : "true";
            c = parts[0].ToLowerInvariant() switch
            {
                "sites" => c with { Sites = int.Parse(v, CultureInfo.InvariantCulture) },
                "accounts" => c with { CloudflareAccounts = int.Parse(v, CultureInfo.InvariantCulture) },
                "servers" => c with { Servers = int.Parse(v, CultureInfo.InvariantCulture) },
                "sessions" => c with { SessionsPerServer = int.Parse(v, CultureInfo.InvariantCulture) },
                "speed" => c with { Speed = double.Parse(v, CultureInfo.InvariantCulture) },
                "publish" => c with { Publish = bool.Parse(v) },
                "rollout" => c with { Rollout = bool.Parse(v) },
                "rollout-parallel" => c with { RolloutParallel = int.Parse(v, CultureInfo.InvariantCulture) },
                "data-dir" => c with { DataDirectory = v },
                "keep" => c with { Keep = bool.Parse(v) },
                "timeout-minutes" => c with { Timeout = TimeSpan.FromMinutes(double.Parse(v, CultureInfo.InvariantCulture)) },
                _ => throw new ArgumentException($"Unknown option '{a}'. Options: --sites=N --accounts=N --servers=N --sessions=N --speed=X --publish=bool --rollout=bool --rollout-parallel=N --data-dir=PATH --keep --timeout-minutes=N --quick"),
            };
        }

        if (c.Sites < 1 || c.CloudflareAccounts < 1 || c.Servers < 1 || c.SessionsPerServer < 1 || c.Speed < 1)
        {
            throw new ArgumentException("Sites, accounts, servers and sessions must be positive and the speed at least 1.");
        }

        return c;
    }
}
