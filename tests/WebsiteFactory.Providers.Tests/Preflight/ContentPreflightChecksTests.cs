using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Providers.Directus;
using WebsiteFactory.Providers.Preflight;
using WebsiteFactory.Providers.Tests.Vendors;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.Content;

namespace WebsiteFactory.Providers.Tests.Preflight;

/// <summary>The model API and Directus checks against the content simulators: the right key passes, a wrong one fails, and the model check bills nothing.</summary>
public sealed class ContentPreflightChecksTests : IAsyncLifetime
{
    private SimulatorHost _sims = null!;
    private readonly DictionarySecretStore _secrets = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _sims = await SimulatorHost.StartAsync();
        await _secrets.SetAsync("openai-api-key", ContentSimulators.ChatApiKey);
        await _secrets.SetAsync("directus-token", ContentSimulators.DirectusToken);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sims.DisposeAsync();
    }

    [Fact]
    public async Task ModelApi_RightThenWrongKey_PassesThenFailsWithoutACompletion()
    {
        var check = new ModelApiKeyCheck(_http, _secrets, Options.Create(new ContentGeneratorOptions { BaseUrl = Url("Content:Generator:BaseUrl") }));

        var pass = await RunAsync(check);
        await _secrets.SetAsync("openai-api-key", "sk-wrong");
        var fail = await RunAsync(check);

        Assert.Equal(PreflightStatus.Pass, pass.Status);
        Assert.Contains("gpt-4o-mini", pass.Message, StringComparison.Ordinal);
        Assert.Equal(PreflightStatus.Fail, fail.Status);
        Assert.Contains("401", fail.Message, StringComparison.Ordinal);
        Assert.Contains("openai-api-key", fail.Fix, StringComparison.Ordinal);
        Assert.Equal(0, _sims.Content.Chat.RequestCount);
    }

    [Fact]
    public async Task Directus_RightThenWrongToken_PassesThenFails()
    {
        var check = new DirectusTokenCheck(_http, _secrets, Options.Create(new DirectusOptions { BaseUrl = Url("Content:Directus:BaseUrl") }));

        var pass = await RunAsync(check);
        await _secrets.SetAsync("directus-token", "wrong");
        var fail = await RunAsync(check);

        Assert.Equal(PreflightStatus.Pass, pass.Status);
        Assert.Equal(PreflightStatus.Fail, fail.Status);
        Assert.Contains("401", fail.Message, StringComparison.Ordinal);
    }

    private Uri Url(string setting)
    {
        var url = _sims.ClientSettings[setting]!;
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }

    private static async Task<PreflightOutcome> RunAsync(IPreflightCheck check) =>
        await Assert.Single(await check.ProbesAsync(CancellationToken.None)).Run(CancellationToken.None);
}
