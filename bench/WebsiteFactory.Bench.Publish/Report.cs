using System.Globalization;

namespace WebsiteFactory.Bench.Publish;

/// <summary>Prints figure lines as they are measured, keeps them for the final table, and records correctness failures.</summary>
internal sealed class Report
{
    private readonly List<(string Phase, string Name, string Value, string? Ratio)> _rows = [];
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public static string Format(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Progress of a long phase (not part of the table).</summary>
    public static void Progress(string message) => Console.WriteLine(Format($"  .. {message}"));

    /// <summary>A figure, optionally with its ratio to the phase's baseline (e.g. "3.10× naive").</summary>
    public void Line(string phase, string name, string value, string? ratio = null)
    {
        _rows.Add((phase, name, value, ratio));
        Console.WriteLine($"{name,-66} {value,22}{(ratio is null ? string.Empty : "   " + ratio)}");
    }

    public void Fail(string message)
    {
        _failures.Add(message);
        Console.WriteLine("CORRECTNESS FAILURE: " + message);
    }

    public void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine("Summary");
        Console.WriteLine(new string('-', 120));
        foreach (var group in _rows.GroupBy(r => r.Phase))
        {
            Console.WriteLine(group.Key);
            foreach (var (_, name, value, ratio) in group)
            {
                Console.WriteLine($"  {name,-64} {value,22}   {ratio ?? string.Empty}");
            }
        }

        Console.WriteLine(new string('-', 120));
        Console.WriteLine(_failures.Count == 0 ? "correctness checks: all passed" : $"correctness checks: {_failures.Count} FAILED");
        foreach (var f in _failures)
        {
            Console.WriteLine("  - " + f);
        }
    }

    /// <summary>The value at quantile <paramref name="q"/> (nearest rank) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
