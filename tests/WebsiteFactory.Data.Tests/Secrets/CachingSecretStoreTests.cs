using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Data.Secrets;

namespace WebsiteFactory.Data.Tests.Secrets;

public sealed class CachingSecretStoreTests
{
    private readonly ISecretStore _inner = Substitute.For<ISecretStore>();
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task TryGetAsync_WithinTimeToLive_ReadsTheInnerStoreOnce()
    {
        _inner.TryGetAsync("cf-token", Arg.Any<CancellationToken>()).Returns("v1", "v2");
        var store = new CachingSecretStore(_inner, TimeSpan.FromMinutes(5), _clock);

        Assert.Equal("v1", await store.GetAsync("cf-token"));
        Assert.Equal("v1", await store.GetAsync("CF-TOKEN"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("v2", await store.GetAsync("cf-token"));

        await _inner.Received(2).TryGetAsync(Arg.Any<string>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SetAndDelete_UpdateTheCacheAtOnce()
    {
        _inner.TryGetAsync("k", Arg.Any<CancellationToken>()).Returns((string?)null);
        var store = new CachingSecretStore(_inner, TimeSpan.FromMinutes(5), _clock);

        await store.SetAsync("k", "new");
        Assert.Equal("new", await store.TryGetAsync("k"));
        await store.DeleteAsync("k");
        Assert.Null(await store.TryGetAsync("k"));

        await _inner.Received(1).SetAsync("k", "new", Arg.Any<CancellationToken>());
        await _inner.Received(1).DeleteAsync("k", Arg.Any<CancellationToken>());
        await _inner.Received(1).TryGetAsync("k", Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Missing_IsNotCached()
    {
        _inner.TryGetAsync("later", Arg.Any<CancellationToken>()).Returns(null, "added");
        _inner.GetAsync("later", Arg.Any<CancellationToken>()).Returns<string>(_ => throw new KeyNotFoundException("Secret 'later' does not exist."));
        var store = new CachingSecretStore(_inner, TimeSpan.FromMinutes(5), _clock);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.GetAsync("later"));
        Assert.Equal("added", await store.GetAsync("later"));
    }
}
