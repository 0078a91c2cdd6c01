using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Providers.Tests.Content;

public sealed class OpenAiContentGeneratorTests : IAsyncLifetime
{
    private readonly ChatCompletionsSimulator _sim;
    private LoopbackServer _server = null!;
    private ServiceProvider _services = null!;

    public OpenAiContentGeneratorTests()
    {
        var options = new ChatSimulatorOptions { RetryAfter = TimeSpan.FromMilliseconds(50) };
        options.ApiKeys.Add("sk-test-key");
        _sim = new ChatCompletionsSimulator(options);
    }

    private static SiteBrief Brief => new()
    {
        SiteId = Guid.Parse("6f2a0d4e-0000-4000-8000-000000000001"),
        Domain = "gardening.example",
        Brand = "Green Thumb",
        Niche = "home gardening",
        Language = "en",
        Pages = [new PageRequest("growing-tomatoes", "growing tomatoes on a balcony"), new PageRequest("composting", "composting basics")],
    };

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app => _sim.Map(app));
        _services = Build("openai-key");
    }

    private ServiceProvider Build(string secretName, int maxAttempts = 3)
    {
        var secrets = Substitute.For<ISecretStore>();
        secrets.GetAsync("openai-key", Arg.Any<CancellationToken>()).Returns("sk-test-key");
        secrets.GetAsync("wrong-key", Arg.Any<CancellationToken>()).Returns("sk-wrong");
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Content:Generator:BaseUrl"] = _server.BaseAddress.ToString(),
            ["Content:Generator:ApiKeySecretName"] = secretName,
            ["Content:Generator:Model"] = "sim-model",
            ["Content:Generator:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new ServiceCollection().AddLogging().AddSingleton(secrets).AddContentProviders(config).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    private IContentGenerator Generator => _services.GetRequiredService<IContentGenerator>();

    [Fact]
    public async Task GeneratePageAsync_ValidOutput_ReturnsStructuredPageWithUsage()
    {
        var result = await Generator.GeneratePageAsync(Brief, Brief.Pages[1]);

        Assert.Equal("composting", result.Page.Slug);
        Assert.Equal(1, result.Page.Sort);
        Assert.Contains("Composting basics", result.Page.Title, StringComparison.Ordinal);
        Assert.Contains("## ", result.Page.BodyMarkdown, StringComparison.Ordinal);
        Assert.InRange(result.Page.MetaDescription.Length, 1, 160);
        Assert.Equal(3, result.Page.Faq.Count);
        Assert.True(result.Usage.TotalTokens > 0);
        Assert.Equal(result.Usage.PromptTokens + result.Usage.CompletionTokens, result.Usage.TotalTokens);
        Assert.Equal(1, result.Attempts);
    }

    [Fact]
    public async Task GeneratePageAsync_SameBrief_IsDeterministic()
    {
        var a = await Generator.GeneratePageAsync(Brief, Brief.Pages[0]);
        var b = await Generator.GeneratePageAsync(Brief, Brief.Pages[0]);

        Assert.Equal(a.Page.BodyMarkdown, b.Page.BodyMarkdown);
        Assert.Equal(a.Page.Title, b.Page.Title);
    }

    [Theory]
    [InlineData(ChatFault.Malformed)]
    [InlineData(ChatFault.Truncated)]
    [InlineData(ChatFault.SchemaViolation)]
    public async Task GeneratePageAsync_OneBadOutput_RetriesAndSumsUsage(ChatFault fault)
    {
        _sim.EnqueueFault(fault);

        var result = await Generator.GeneratePageAsync(Brief, Brief.Pages[0]);

        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, _sim.RequestCount);
        Assert.Equal("growing-tomatoes", result.Page.Slug);
    }

    [Fact]
    public async Task GeneratePageAsync_TruncatedEveryTime_FailsPermanentWithReason()
    {
        for (var i = 0; i < 3; i++)
        {
            _sim.EnqueueFault(ChatFault.Truncated);
        }

        var ex = await Assert.ThrowsAsync<ContentGenerationException>(() => Generator.GeneratePageAsync(Brief, Brief.Pages[0]));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("invalid_output", ex.VendorCode);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.SpentTokens.TotalTokens > 0, "the three truncated answers cost tokens");
    }

    [Fact]
    public async Task GeneratePageAsync_MalformedEveryTime_ReasonSaysNotJson()
    {
        for (var i = 0; i < 3; i++)
        {
            _sim.EnqueueFault(ChatFault.Malformed);
        }

        var ex = await Assert.ThrowsAsync<ContentGenerationException>(() => Generator.GeneratePageAsync(Brief, Brief.Pages[0]));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratePageAsync_RateLimitedOnce_HttpLayerRetriesAfterRetryAfter()
    {
        _sim.EnqueueFault(ChatFault.RateLimited);

        var result = await Generator.GeneratePageAsync(Brief, Brief.Pages[0]);

        Assert.Equal(1, result.Attempts);
        Assert.Equal(2, _sim.RequestCount);
    }

    [Fact]
    public async Task GeneratePageAsync_InsufficientQuota_FailsPermanentWithoutRetry()
    {
        _sim.EnqueueFault(ChatFault.InsufficientQuota);

        var ex = await Assert.ThrowsAsync<ProviderException>(() => Generator.GeneratePageAsync(Brief, Brief.Pages[0]));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.Equal("insufficient_quota", ex.VendorCode);
        Assert.Equal(1, _sim.RequestCount);
    }

    [Fact]
    public async Task GeneratePageAsync_WrongKey_FailsPermanentWithoutLeakingKey()
    {
        await using var services = Build("wrong-key");

        var ex = await Assert.ThrowsAsync<ProviderException>(() => services.GetRequiredService<IContentGenerator>().GeneratePageAsync(Brief, Brief.Pages[0]));

        Assert.Equal(ProviderErrorKind.Permanent, ex.Kind);
        Assert.DoesNotContain("sk-wrong", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratePageAsync_InvalidSlug_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Generator.GeneratePageAsync(Brief, new PageRequest("../etc", "x")));
    }
}
