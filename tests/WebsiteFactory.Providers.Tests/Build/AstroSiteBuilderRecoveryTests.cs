using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Hosting;
using WebsiteFactory.Providers.Build;

namespace WebsiteFactory.Providers.Tests.Build;

/// <summary>Builds killed with their server leave working folders; the next build of the site removes them.</summary>
public sealed class AstroSiteBuilderRecoveryTests : IDisposable
{
    private readonly string _site = Path.Combine(Path.GetTempPath(), "wf-build-recovery-" + Guid.NewGuid().ToString("N")[..8], "site");

    public void Dispose()
    {
        var root = Path.GetDirectoryName(_site)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAsync_FolderOfAKilledBuild_IsRemovedAndTheOutputIsWhole()
    {
        var request = AstroSiteBuilderTests.Request();
        var killed = KilledBuild(request.SiteId, DeadProcess(), DateTimeOffset.UtcNow);
        var killedCopy = Path.Combine(_site, "r2" + AstroSiteBuilder.PartialInfix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(killedCopy);
        await File.WriteAllLinesAsync(Path.Combine(killedCopy, AstroSiteBuilder.MarkerFile), [DeadProcess().Format(), DateTimeOffset.UtcNow.ToString("O")]);
        using var builder = Builder(TimeProvider.System);
        var output = Path.Combine(_site, "r2");

        var result = await builder.BuildAsync(request, output);

        Assert.Equal(5, result.FileCount);
        Assert.Contains("First v1", await File.ReadAllTextAsync(Path.Combine(output, "first", "index.html")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(killed));
        Assert.Equal(["r2"], Directory.EnumerateFileSystemEntries(_site).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(output, AstroSiteBuilder.MarkerFile)));
    }

    [Fact]
    public async Task BuildAsync_FoldersOfLiveOwners_RemovedOnlyPastStaleBuildAge()
    {
        var request = AstroSiteBuilderTests.Request();
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(now);
        var otherServer = new OwnerProcess(Environment.MachineName, 1, OwnerProcess.StartTimeOf(1) ?? 0);
        var running = KilledBuild(request.SiteId, otherServer, now - TimeSpan.FromMinutes(2));
        var abandoned = KilledBuild(request.SiteId, otherServer, now - TimeSpan.FromHours(2));
        var unmarkedOld = Directory.CreateDirectory(Path.Combine(_site, $"{AstroSiteBuilder.WorkPrefix}{request.SiteId:N}-{Guid.NewGuid():N}")).FullName;
        Directory.SetLastWriteTimeUtc(unmarkedOld, now.UtcDateTime - TimeSpan.FromHours(3));
        var unmarkedNew = Directory.CreateDirectory(Path.Combine(_site, $"{AstroSiteBuilder.WorkPrefix}{request.SiteId:N}-{Guid.NewGuid():N}")).FullName;
        Directory.SetLastWriteTimeUtc(unmarkedNew, now.UtcDateTime);
        var notOurs = Directory.CreateDirectory(Path.Combine(_site, AstroSiteBuilder.WorkPrefix + "notes")).FullName;
        Directory.SetLastWriteTimeUtc(notOurs, now.UtcDateTime - TimeSpan.FromHours(3));
        using var builder = Builder(time);
        var output = Path.Combine(_site, "r3");

        await builder.BuildAsync(request, output);

        Assert.True(File.Exists(Path.Combine(output, "index.html")));
        Assert.Equal(
            new[] { Path.GetFileName(running), Path.GetFileName(unmarkedNew), Path.GetFileName(notOurs), "r3" }.Order(StringComparer.Ordinal),
            Directory.EnumerateFileSystemEntries(_site).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(abandoned));

        // An hour later the other server's folder is abandoned too: the next build of the site removes both. A folder
        // whose name this builder never makes stays, however old (the work directory may be shared).
        time.Advance(TimeSpan.FromMinutes(61));
        await builder.BuildAsync(request, Path.Combine(_site, "r4"));
        Assert.Equal(["r3", "r4", Path.GetFileName(notOurs)], Directory.EnumerateFileSystemEntries(_site).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal));
    }

    private static AstroSiteBuilder Builder(TimeProvider time) => new(
        Options.Create(new AstroBuildOptions { TemplateDirectory = AstroSiteBuilderTests.FindTemplate(), CacheDirectory = Path.Combine(Path.GetTempPath(), "wf-astro-cache-tests") }),
        NullLogger<AstroSiteBuilder>.Instance,
        time);

    /// <summary>A working folder as a build leaves it when its process dies mid-way: template copied, dist half written.</summary>
    private string KilledBuild(Guid siteId, OwnerProcess owner, DateTimeOffset started)
    {
        var dir = Path.Combine(_site, $"{AstroSiteBuilder.WorkPrefix}{siteId:N}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(dir, "dist", "first"));
        File.WriteAllLines(Path.Combine(dir, AstroSiteBuilder.MarkerFile), [owner.Format(), started.ToString("O")]);
        File.WriteAllText(Path.Combine(dir, "site.json"), "{}");
        File.WriteAllText(Path.Combine(dir, "dist", "first", "index.html"), "<html><body>half");
        return dir;
    }

    private static OwnerProcess DeadProcess()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return new OwnerProcess(Environment.MachineName, p.Id, 0);
    }
}
