using System.Globalization;
using WebsiteFactory.Testing;
using Xunit.Abstractions;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>The scenario summary: to the test output and to <c>artifacts/chaos/{scenario}.txt</c> (CI logs keep both).</summary>
internal sealed class ChaosReport(string scenario, ITestOutputHelper output)
{
    private readonly List<string> _lines = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public static string Directory { get; } = Path.Combine(RepositoryPaths.Root, "artifacts", "chaos");

    public void Line(string text)
    {
        var line = $"[{(DateTimeOffset.UtcNow - _started).TotalSeconds.ToString("000.0", CultureInfo.InvariantCulture)}s] {text}";
        lock (_lines)
        {
            _lines.Add(line);
        }

        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already ended (a background poller); the file still gets the line.
        }

        Flush();
    }

    public void Flush()
    {
        System.IO.Directory.CreateDirectory(Directory);
        lock (_lines)
        {
            File.WriteAllLines(Path.Combine(Directory, scenario + ".txt"), _lines);
        }
    }
}
