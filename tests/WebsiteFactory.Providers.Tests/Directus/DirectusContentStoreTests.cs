using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Simulators.Directus;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Providers.Tests.Directus;

public sealed class DirectusContentStoreTests : IAsyncLifetime
{
    private static readonly Guid SiteA = Guid.Parse("0b0c0000-0000-4000-8000-00000000000a");
    private static readonly Guid SiteB = Guid.Parse("0b0c0000-0000-4000-8000-00000000000b");
    private readonly DirectusSimulator _sim = new();
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _sim.AddToken("admin-token");
        _sim.AddToken("editor-token", admin: false);
        _server = await LoopbackServer.StartAsync(app => _sim.Map(app, "/cms"));
        _services = Build("directus-admin");
    }

    private ServiceProvider Build(string secretName)
    {
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("directus-admin", Arg.Any<CancellationToken>()).Returns("admin-token");
        secrets.GetAsync("directus-editor", Arg.Any<CancellationToken>()).Returns("editor-token");
        secrets.GetAsync("directus-bad", Arg.Any<CancellationToken>()).Returns("nope");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:Directus:BaseUrl"] = new Uri(_server.BaseAddress, "cms").ToString(),
            ["Content:Directus:TokenSecretName"] = secretName,
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton(secrets).AddContentProviders(config).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private IContentStore Store => _services.GetRequiredService<IContentStore>();

    private static GeneratedPage Page(string slug, string title = "Title", int sort = 0) => new()
    {
        Slug = slug,
        Title = title,
        MetaDescription = "Meta",
        BodyMarkdown = "## Body",
        Faq = [new FaqItem("Q?", "A.")],
        Sort = sort,
    };

    [Fact]
    public async Task EnsureSchemaAsync_Twice_CreatesCollectionOnce()
    {
        await Store.EnsureSchemaAsync();
        await Store.EnsureSchemaAsync();

        Assert.True(_sim.HasCollection("wf_pages"));
    }

    [Fact]
    public async Task UpsertPageAsync_RunTwice_NeverDuplicates()
    {
        await Store.EnsureSchemaAsync();

        Assert.Equal(ContentUpsertOutcome.Created, await Store.UpsertPageAsync(SiteA, Page("intro")));
        Assert.Equal(ContentUpsertOutcome.Unchanged, await Store.UpsertPageAsync(SiteA, Page("intro")));
        Assert.Equal(ContentUpsertOutcome.Updated, await Store.UpsertPageAsync(SiteA, Page("intro", "New title")));

        Assert.Equal(1, _sim.CountItems("wf_pages"));
        var pages = await Store.GetPagesAsync(SiteA);
        Assert.Equal("New title", Assert.Single(pages).Title);
    }

    [Fact]
    public async Task UpsertPageAsync_ItemCreatedConcurrently_RecordNotUniqueBecomesUpdate()
    {
        await Store.EnsureSchemaAsync();
        await Store.UpsertPageAsync(SiteA, Page("intro"));
        // Simulate the other writer's item being invisible to the lookup (e.g. written between read and create) by
        // clearing the slug the filter matches on; the deterministic id still collides.
        using (var http = new HttpClient { BaseAddress = new Uri(_server.BaseAddress, "cms/") })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", "admin-token");
            var list = await http.GetStringAsync(new Uri("items/wf_pages?fields=id", UriKind.Relative));
            var id = System.Text.Json.JsonDocument.Parse(list).RootElement.GetProperty("data")[0].GetProperty("id").GetString();
            using var patch = new StringContent("""{"slug":"hidden"}""", System.Text.Encoding.UTF8, "application/json");
            (await http.PatchAsync(new Uri($"items/wf_pages/{id}", UriKind.Relative), patch)).EnsureSuccessStatusCode();
        }

        var outcome = await Store.UpsertPageAsync(SiteA, Page("intro", "Again"));

        Assert.Equal(ContentUpsertOutcome.Updated, outcome);
        Assert.Equal(1, _sim.CountItems("wf_pages"));
    }

    [Fact]
    public async Task GetPagesAsync_TwoSites_ReturnsOnlyOwnPagesInSortOrder()
    {
        await Store.EnsureSchemaAsync();
        await Store.UpsertPageAsync(SiteA, Page("b-page", sort: 1));
        await Store.UpsertPageAsync(SiteA, Page("a-page", sort: 0));
        await Store.UpsertPageAsync(SiteB, Page("a-page", sort: 0));

        var pages = await Store.GetPagesAsync(SiteA);

        Assert.Equal(["a-page", "b-page"], pages.Select(p => p.Slug));
        Assert.Equal("Q?", pages[0].Faq[0].Question);
        Assert.Equal(3, _sim.CountItems("wf_pages"));
    }

    [Fact]
    public async Task UpsertPageAsync_NoSchema_FailsPermanentForbidden()
    {
        var ex = await Assert.ThrowsAsync<ProviderException>(() => Store.UpsertPageAsync(SiteA, Page("intro")));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("FORBIDDEN", ex.VendorCode);
    }

    [Fact]
    public async Task EnsureSchemaAsync_NonAdminToken_FailsPermanent()
    {
        await using var services = Build("directus-editor");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => services.GetRequiredService<IContentStore>().EnsureSchemaAsync());

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
    }

    [Fact]
    public async Task GetPagesAsync_BadToken_FailsPermanentWithoutToken()
    {
        await using var services = Build("directus-bad");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => services.GetRequiredService<IContentStore>().GetPagesAsync(SiteA));

        Assert.Equal("INVALID_CREDENTIALS", ex.VendorCode);
        Assert.DoesNotContain("nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertPageAsync_InvalidSlug_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.UpsertPageAsync(SiteA, Page("Bad Slug")));
    }
}
