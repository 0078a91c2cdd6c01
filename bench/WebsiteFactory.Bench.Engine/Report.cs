namespace WebsiteFactory.Bench.Engine;

/// <summary>Prints figures with their ratio to the raw commit baseline.</summary>
internal sealed class Report
{
    private readonly List<(string Name, double Ours, double Theirs, string Who)> comparisons = [];

    public double Baseline { get; set; }

    /// <summary>Gets or sets L: the mean latency of one raw single-row commit from one client (ms), measured in this run.</summary>
    public double CommitLatencyMs { get; set; }

    public static void Line(string name, string value, double? ratio)
        => Console.WriteLine($"{name,-78} {value,16}{(ratio is { } r ? $"   {r,6:F2}× R" : string.Empty)}");

    public void Rate(string name, double perSecond, string unit = "/s")
        => Line(name, $"{perSecond:N0}{unit}", this.Baseline > 0 ? perSecond / this.Baseline : null);

    public void Compare(string name, double ours, double theirs, string who) => this.comparisons.Add((name, ours, theirs, who));

    public void PrintComparisons()
    {
        foreach ((string name, double ours, double theirs, string who) in this.comparisons)
        {
            Console.WriteLine($"  {name,-40} ours {ours,9:N0}   {who,-14} {theirs,7:N0}   → {ours / theirs,6:F1}×");
        }
    }
}
