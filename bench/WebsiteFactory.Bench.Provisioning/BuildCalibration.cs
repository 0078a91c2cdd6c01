using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Bench.Provisioning;

/// <summary>
/// Measures the site builder's throughput before the fleet runs: <c>n</c> concurrent builds of generated-size sites through
/// the server's own <see cref="ISiteBuilder"/> (its queue, batching and build slots), in real time.
/// </summary>
internal static class BuildCalibration
{
    /// <returns>Sites per real second with <paramref name="n"/> submitted at once, and the real time of one site built alone.</returns>
    public static async Task<(double SitesPerSecond, TimeSpan Single)> MeasureAsync(FleetStack stack, int n, CancellationToken ct)
    {
        var builder = stack.App.Services.GetRequiredService<ISiteBuilder>();
        var root = Path.Combine(stack.DataDirectory, "calibration");
        Directory.CreateDirectory(root);

        // One build first: installs the template's dependencies into the cache (once per lockfile), which is set-up, not throughput.
        await builder.BuildAsync(Request(-1), Path.Combine(root, "warm-up"), ct);
        var single = Stopwatch.StartNew();
        await builder.BuildAsync(Request(-2), Path.Combine(root, "single"), ct);
        single.Stop();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, n).Select(i => builder.BuildAsync(Request(i), Path.Combine(root, i.ToString(CultureInfo.InvariantCulture)), ct)));
        watch.Stop();
        Directory.Delete(root, recursive: true);
        return (n / watch.Elapsed.TotalSeconds, single.Elapsed);
    }

    private static SiteBuildRequest Request(int i) => new()
    {
        SiteId = Guid.NewGuid(),
        Domain = DomainName.Parse($"calibration{(i + 1).ToString(CultureInfo.InvariantCulture)}.com", CultureInfo.InvariantCulture),
        Brand = $"Calibration {i.ToString(CultureInfo.InvariantCulture)}",
        Pages = [.. Enumerable.Range(0, 5).Select(p => new GeneratedPage
        {
            Slug = $"article-{p.ToString(CultureInfo.InvariantCulture)}",
            Title = $"Article {p.ToString(CultureInfo.InvariantCulture)}",
            MetaDescription = "A page the size of a generated one.",
            BodyMarkdown = string.Concat(Enumerable.Repeat("## Section\n\nA paragraph of about the length a model writes, with **bold** words and a [link](/).\n\n", 20)),
            Faq = [new FaqItem("A question?", "An answer.")],
            Sort = p,
        })],
    };
}
