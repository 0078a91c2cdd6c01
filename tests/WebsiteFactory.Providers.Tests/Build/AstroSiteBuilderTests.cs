using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Providers.Tests.Build;

public sealed class AstroSiteBuilderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wf-build-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    internal static SiteBuildRequest Request(string marker = "v1") => new()
    {
        SiteId = Guid.Parse("b11d0000-0000-4000-8000-000000000001"),
        Domain = DomainName.Parse("build-test.com", System.Globalization.CultureInfo.InvariantCulture),
        Brand = "Build <Test>",
        Language = "de",
        MatomoUrl = new Uri("https://matomo.example.net/"),
        MatomoSiteId = 42,
        GoogleSiteVerification = "gsc-token-123",
        Pages =
        [
            new GeneratedPage { Slug = "second", Title = "Second " + marker, MetaDescription = "m2", BodyMarkdown = "Two [tips](javascript:alert(document.domain)) <javascript:alert(2)> [x](&#106;avascript:alert(3)) [ok](https://example.org/) ![pixel](http://tracker.example/p.gif) ![chart](https://img.example.org/c.png)", Sort = 1 },
            new GeneratedPage
            {
                Slug = "first", Title = "First " + marker, MetaDescription = "m1", BodyMarkdown = "## Hello\n\n<script>alert(1)</script>", Sort = 0,
                Faq = [new FaqItem("Why?", "Because.")],
            },
        ],
    };

    internal static AstroSiteBuilder Builder(string? template = null) =>
        new(Options.Create(new AstroBuildOptions { TemplateDirectory = template ?? FindTemplate(), CacheDirectory = Path.Combine(Path.GetTempPath(), "wf-astro-cache-tests") }), NullLogger<AstroSiteBuilder>.Instance);

    [Fact]
    public async Task BuildAsync_TwoPages_ProducesHomeArticlesSitemapRobotsAndTracking()
    {
        using var builder = Builder();
        var output = Path.Combine(_root, "out");

        var result = await builder.BuildAsync(Request(), output);

        Assert.Equal(output, result.OutputDirectory);
        var home = await File.ReadAllTextAsync(Path.Combine(output, "index.html"));
        Assert.Contains("lang=\"de\"", home, StringComparison.Ordinal);
        Assert.Contains("Build &lt;Test&gt;", home, StringComparison.Ordinal);
        Assert.True(home.IndexOf("/first/", StringComparison.Ordinal) < home.IndexOf("/second/", StringComparison.Ordinal), "pages follow sort order");
        Assert.Contains("matomoSiteId = \"42\"", home, StringComparison.Ordinal);
        Assert.Contains("https://matomo.example.net/", home, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"google-site-verification\" content=\"gsc-token-123\">", home, StringComparison.Ordinal);

        var article = await File.ReadAllTextAsync(Path.Combine(output, "first", "index.html"));
        Assert.Contains("<h2>Hello</h2>", article, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", article, StringComparison.Ordinal);
        Assert.Contains("FAQPage", article, StringComparison.Ordinal);
        Assert.Contains("https://build-test.com/first/", article, StringComparison.Ordinal);

        // Model-written links and images: script URLs and http trackers lose their link or image, safe ones stay.
        var second = await File.ReadAllTextAsync(Path.Combine(output, "second", "index.html"));
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex("(href|src)=\"[^\"]*(javascript|&#106;)", System.Text.RegularExpressions.RegexOptions.IgnoreCase), second);
        Assert.Contains("javascript:alert(2)", second, StringComparison.Ordinal); // the autolink's text stays, as text
        Assert.DoesNotContain("tracker.example", second, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/\">ok</a>", second, StringComparison.Ordinal);
        Assert.Contains("<img src=\"https://img.example.org/c.png\" alt=\"chart\">", second, StringComparison.Ordinal);
        Assert.Contains("tips", second, StringComparison.Ordinal);

        var sitemap = await File.ReadAllTextAsync(Path.Combine(output, "sitemap.xml"));
        Assert.Contains("<loc>https://build-test.com/second/</loc>", sitemap, StringComparison.Ordinal);
        var robots = await File.ReadAllTextAsync(Path.Combine(output, "robots.txt"));
        Assert.Contains("Sitemap: https://build-test.com/sitemap.xml", robots, StringComparison.Ordinal);
        Assert.Equal(5, result.FileCount);
    }

    [SkippableFact]
    public async Task BuildAsync_WorkDirectoryOnAnotherFileSystem_OutputAppearsWhole()
    {
        // /dev/shm (tmpfs) and the temp directory are different file systems on Linux: the build output cannot simply be
        // renamed into place, and a half copy must never be visible under the output name.
        Skip.IfNot(Directory.Exists("/dev/shm"), "no /dev/shm on this machine");
        var work = Directory.CreateDirectory(Path.Combine("/dev/shm", "wf-astro-work-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            using var builder = new AstroSiteBuilder(
                Options.Create(new AstroBuildOptions { TemplateDirectory = FindTemplate(), CacheDirectory = Path.Combine(Path.GetTempPath(), "wf-astro-cache-tests"), WorkDirectory = work }),
                NullLogger<AstroSiteBuilder>.Instance);
            var output = Path.Combine(_root, "cross-fs");

            var result = await builder.BuildAsync(Request(), output);

            Assert.Equal(5, result.FileCount);
            Assert.True(File.Exists(Path.Combine(output, "second", "index.html")));
            Assert.Empty(Directory.EnumerateDirectories(_root, "cross-fs.partial-*"));
            Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task BuildAsync_NoMatomoNoGsc_OmitsSnippetAndMetaTag()
    {
        using var builder = Builder();
        var output = Path.Combine(_root, "plain");

        await builder.BuildAsync(Request() with { MatomoSiteId = null, GoogleSiteVerification = null }, output);

        var home = await File.ReadAllTextAsync(Path.Combine(output, "index.html"));
        Assert.DoesNotContain("_paq", home, StringComparison.Ordinal);
        Assert.DoesNotContain("google-site-verification", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_BrokenTemplate_FailsWithBuildLogAndWritesNoOutput()
    {
        var template = Path.Combine(_root, "broken-template");
        CopyTemplate(FindTemplate(), template);
        await File.WriteAllTextAsync(Path.Combine(template, "src", "pages", "index.astro"), "---\nimport Missing from '../does-not-exist.astro';\n---\n<Missing />\n");
        using var builder = Builder(template);
        var output = Path.Combine(_root, "never");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => builder.BuildAsync(Request(), output));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Contains("astro build for build-test.com exited with code", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("Bad Slug")]
    [InlineData("../escape")]
    [InlineData("index")]
    public async Task BuildAsync_InvalidSlug_ThrowsBeforeBuilding(string slug)
    {
        using var builder = Builder();
        var request = Request() with { Pages = [new GeneratedPage { Slug = slug, Title = "t", MetaDescription = "m", BodyMarkdown = "b" }] };

        await Assert.ThrowsAsync<ArgumentException>(() => builder.BuildAsync(request, Path.Combine(_root, "x")));
    }

    internal static string FindTemplate() => RepositoryPaths.SiteTemplate;

    private static void CopyTemplate(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (name is not ("node_modules" or "dist" or ".astro"))
            {
                CopyTemplate(dir, Path.Combine(target, name));
            }
        }
    }
}
