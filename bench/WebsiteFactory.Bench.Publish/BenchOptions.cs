using System.Globalization;

namespace WebsiteFactory.Bench.Publish;

/// <summary>Command-line options of the publish benchmark.</summary>
internal sealed record BenchOptions
{
    /// <summary>Fewer sites and repetitions: a smoke run of every phase in about a minute.</summary>
    public bool Quick { get; init; }

    /// <summary>Sites built by the Astro phase (default 8, quick 3).</summary>
    public int Sites { get; init; } = 8;

    /// <summary>Naive builds (fresh template copy + npm ci + astro build) measured for the baseline (default 2, quick 1).</summary>
    public int NaiveSites { get; init; } = 2;

    /// <summary>Deploy cycles (first, unchanged, one page changed, rollback) measured; medians are printed (default 3, quick 1).</summary>
    public int DeployRounds { get; init; } = 3;

    /// <summary>Sites collected by the nightly analytics phase (default 500, quick 60).</summary>
    public int AnalyticsSites { get; init; } = 500;

    /// <summary>Site counts submitted at once to the batching builder (default 1, 25, 200; quick 1, 25).</summary>
    public IReadOnlyList<int> BatchSizes { get; init; } = [1, 25, 200];

    /// <summary>Sites built one Astro run each for the batch phase's baseline (default 10, quick 4); larger counts are extrapolated.</summary>
    public int BaselineSites { get; init; } = 10;

    /// <summary>Phases to run (build, batch, deploy, analytics); all by default.</summary>
    public IReadOnlySet<string> Phases { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "build", "batch", "deploy", "analytics" };

    public static BenchOptions Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick ? new BenchOptions { Quick = true, Sites = 3, NaiveSites = 1, DeployRounds = 1, AnalyticsSites = 60, BatchSizes = [1, 25], BaselineSites = 4 } : new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"'{s}' is not a positive number.");
            switch (args[i])
            {
                case "--quick":
                    break;
                case "--sites":
                    o = o with { Sites = Positive(Next()) };
                    break;
                case "--naive-sites":
                    o = o with { NaiveSites = Positive(Next()) };
                    break;
                case "--deploy-rounds":
                    o = o with { DeployRounds = Positive(Next()) };
                    break;
                case "--batch-sizes":
                    o = o with { BatchSizes = [.. Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Positive)] };
                    break;
                case "--baseline-sites":
                    o = o with { BaselineSites = Positive(Next()) };
                    break;
                case "--analytics-sites":
                    o = o with { AnalyticsSites = Positive(Next()) };
                    break;
                case "--only":
                    var phases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                    if (phases.Count == 0 || phases.Any(p => p is not ("build" or "batch" or "deploy" or "analytics")))
                    {
                        throw new ArgumentException("--only takes a comma-separated list of build, batch, deploy, analytics.");
                    }

                    o = o with { Phases = phases };
                    break;
                case "-h" or "--help":
                    throw new ArgumentException(string.Empty);
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return o;
    }

    public const string Usage =
        "usage: dotnet run -c Release --project bench/WebsiteFactory.Bench.Publish -- [--quick] [--sites N] [--naive-sites N]\n" +
        "       [--batch-sizes 1,25,200] [--baseline-sites N] [--deploy-rounds N] [--analytics-sites N]\n" +
        "       [--only build,batch,deploy,analytics]";
}
