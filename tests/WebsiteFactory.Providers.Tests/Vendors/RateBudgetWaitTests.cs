using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Shared;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>How callers wait on a contended shared budget: refused ones come back just before their turn; few wait in-process.</summary>
public sealed class RateBudgetWaitTests
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AcquireAsync_PermitFreesBeyondMaxWait_RefusedToComeBackBeforeItFrees()
    {
        var clock = new FakeTimeProvider();
        var budget = new InMemoryRateBudget(clock);
        var key = Key();
        var policy = new RateLimitPolicy(1, TimeSpan.FromSeconds(90));
        await budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);

        var e = await Assert.ThrowsAsync<ProviderException>(() => budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None));

        // The permit frees in 90 s: back 15 s (half the in-call wait) before, give or take 7.5 s, then wait the rest here.
        Assert.Equal(ProviderErrorKind.RateLimited, e.Kind);
        Assert.InRange(e.RetryAfter!.Value, TimeSpan.FromSeconds(67), TimeSpan.FromSeconds(83));
    }

    [Fact]
    public async Task AcquireAsync_AsManyWaitingAsTheWindowGrants_NextCallerRefusedAtOnce()
    {
        var clock = new FakeTimeProvider();
        var budget = new InMemoryRateBudget(clock);
        var key = Key();
        var policy = new RateLimitPolicy(2, TimeSpan.FromSeconds(20));
        await budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);
        await budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));

        // Two seats (two calls per window): both wait in this process for the permits that free in 15 s.
        var first = budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);
        var second = budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);
        var third = await Assert.ThrowsAsync<ProviderException>(() => budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.RateLimited, third.Kind);
        // Told to come back a window after the permits the waiting callers take (15 s + 20 s), early by half the in-call
        // wait ± a quarter of it: 12.5–27.5 s (plus the millisecond the budget adds); a caller refused without the seats would be back within 7.5 s.
        Assert.InRange(third.RetryAfter!.Value, TimeSpan.FromSeconds(12.5), TimeSpan.FromSeconds(28));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(16));
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        await second.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AcquireAsync_SequenceAfterASingleCallWaits_RefusedWhenItsPermitsExceedTheFreeSeats()
    {
        var clock = new FakeTimeProvider();
        var budget = new InMemoryRateBudget(clock);
        var key = Key();
        var policy = new RateLimitPolicy(3, TimeSpan.FromSeconds(20));
        await budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None, permits: 3);
        clock.Advance(TimeSpan.FromSeconds(5));

        // Three seats (three permits per window): the single call takes one; a three-call sequence would need all three.
        var single = budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);
        // Refused at once, not waiting on the fake clock (the real-time limit only keeps a regression from hanging).
        var sequence = await Assert.ThrowsAsync<ProviderException>(() =>
            budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None, permits: 3).WaitAsync(TimeSpan.FromSeconds(10)));
        var another = budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.RateLimited, sequence.Kind);
        Assert.False(single.IsCompleted);
        Assert.False(another.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(16));
        await single.WaitAsync(TimeSpan.FromSeconds(30));
        await another.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, await budget.CountAsync(key, policy));
    }

    [Fact]
    public async Task AcquireAsync_PermitFreesWithinMaxWait_WaitsForIt()
    {
        var clock = new FakeTimeProvider();
        var budget = new InMemoryRateBudget(clock);
        var key = Key();
        var policy = new RateLimitPolicy(1, TimeSpan.FromSeconds(10));
        await budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);

        var waiting = budget.AcquireAsync("Test", key, policy, clock, MaxWait, CancellationToken.None);

        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(11));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await budget.CountAsync(key, policy));
    }

    private static string Key() => "test:" + Guid.NewGuid().ToString("N");
}
