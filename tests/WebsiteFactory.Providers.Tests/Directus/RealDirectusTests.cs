using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Content;

namespace WebsiteFactory.Providers.Tests.Directus;

/// <summary>
/// The product's <c>DirectusContentStore</c> against a real Directus (see <see cref="RealDirectusFixture"/>); skipped when
/// none is available. Checks what the simulator can only imitate: the schema the product creates is accepted, the
/// (site, slug) upsert never duplicates (including the real <c>RECORD_NOT_UNIQUE</c> race), and sites are isolated.
/// </summary>
public sealed class RealDirectusTests(RealDirectusFixture directus) : IClassFixture<RealDirectusFixture>, IAsyncLifetime
{
    private static readonly string[] ProductFields = ["site_id", "slug", "title", "meta_description", "body", "faq", "sort", "content_hash"];
    private ServiceProvider? _services;

    private IContentStore Store => _services!.GetRequiredService<IContentStore>();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (directus.SkipReason is not null)
        {
            return;
        }

        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("directus-token", Arg.Any<CancellationToken>()).Returns(directus.Token);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:Directus:BaseUrl"] = directus.BaseUrl.ToString(),
            ["Content:Directus:TokenSecretName"] = "directus-token",
            ["Content:Directus:PagesCollection"] = directus.Collection,
        }).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton(secrets).AddContentProviders(config).BuildServiceProvider();
        await Store.EnsureSchemaAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task EnsureSchema_RunAgain_CollectionHasEveryProductField()
    {
        Skip.If(directus.SkipReason is not null, directus.SkipReason);

        await Store.EnsureSchemaAsync(); // the second run (InitializeAsync ran the first) finds everything in place

        using var fields = JsonDocument.Parse(await directus.Admin.GetStringAsync(new Uri($"fields/{directus.Collection}", UriKind.Relative)));
        var names = fields.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("field").GetString()!).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(ProductFields.Append("id").ToHashSet(StringComparer.Ordinal), names);
    }

    [SkippableFact]
    public async Task UpsertPage_SameSiteAndSlugTwice_OneItemReadBackWithLatestContent()
    {
        Skip.If(directus.SkipReason is not null, directus.SkipReason);
        var site = Guid.NewGuid();

        Assert.Equal(ContentUpsertOutcome.Created, await Store.UpsertPageAsync(site, Page("guide", "First title", 2)));
        Assert.Equal(ContentUpsertOutcome.Unchanged, await Store.UpsertPageAsync(site, Page("guide", "First title", 2)));
        Assert.Equal(ContentUpsertOutcome.Updated, await Store.UpsertPageAsync(site, Page("guide", "Second title", 2)));
        Assert.Equal(ContentUpsertOutcome.Created, await Store.UpsertPageAsync(site, Page("about", "About", 1)));

        Assert.Equal(2, await CountItemsAsync(site));
        var pages = await Store.GetPagesAsync(site);
        Assert.Equal(new[] { "about", "guide" }, pages.Select(p => p.Slug)); // sorted by sort, then slug
        var guide = pages[1];
        Assert.Equal(("Second title", "About guide", "## guide\n\nBody with **markdown**.", 2), (guide.Title, guide.MetaDescription, guide.BodyMarkdown, guide.Sort));
        Assert.Equal(new[] { new FaqItem("Why guide?", "Because.") }, guide.Faq);
    }

    [SkippableFact]
    public async Task UpsertPage_ConcurrentCreatesOfOnePage_OneItem()
    {
        Skip.If(directus.SkipReason is not null, directus.SkipReason);
        var site = Guid.NewGuid();

        // Several deliveries of the same step at once: the losers of the create race get Directus's real
        // RECORD_NOT_UNIQUE on the deterministic primary key and must turn into updates.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Store.UpsertPageAsync(site, Page("race", "Race", 0))));

        Assert.Contains(ContentUpsertOutcome.Created, outcomes);
        Assert.Equal(1, await CountItemsAsync(site));
        Assert.Equal("Race", Assert.Single(await Store.GetPagesAsync(site)).Title);
    }

    [SkippableFact]
    public async Task GetPages_TwoSitesSameSlugs_EachSeesOnlyItsOwnPages()
    {
        Skip.If(directus.SkipReason is not null, directus.SkipReason);
        var siteA = Guid.NewGuid();
        var siteB = Guid.NewGuid();

        await Store.UpsertPageAsync(siteA, Page("guide", "A guide", 0));
        await Store.UpsertPageAsync(siteA, Page("faq", "A faq", 1));
        await Store.UpsertPageAsync(siteB, Page("guide", "B guide", 0));
        Assert.Equal(ContentUpsertOutcome.Updated, await Store.UpsertPageAsync(siteB, Page("guide", "B guide v2", 0)));

        var a = await Store.GetPagesAsync(siteA);
        var b = await Store.GetPagesAsync(siteB);
        Assert.Equal(new[] { ("guide", "A guide"), ("faq", "A faq") }, a.Select(p => (p.Slug, p.Title)));
        Assert.Equal(new[] { ("guide", "B guide v2") }, b.Select(p => (p.Slug, p.Title)));
        Assert.Empty(await Store.GetPagesAsync(Guid.NewGuid()));
    }

    private async Task<int> CountItemsAsync(Guid site)
    {
        var json = await directus.Admin.GetStringAsync(new Uri($"items/{directus.Collection}?filter[site_id][_eq]={site:D}&limit=-1&fields=id", UriKind.Relative));
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("data").GetArrayLength();
    }

    private static GeneratedPage Page(string slug, string title, int sort) => new()
    {
        Slug = slug,
        Title = title,
        MetaDescription = "About " + slug,
        BodyMarkdown = $"## {slug}\n\nBody with **markdown**.",
        Faq = [new FaqItem($"Why {slug}?", "Because.")],
        Sort = sort,
    };
}
