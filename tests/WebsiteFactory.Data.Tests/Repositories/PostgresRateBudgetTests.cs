using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Data.Repositories;

namespace WebsiteFactory.Data.Tests.Repositories;

public sealed class PostgresRateBudgetTests : IClassFixture<MigratedDatabase>
{
    private static readonly RateLimitPolicy FivePerMinute = new(5, TimeSpan.FromMinutes(1));
    private readonly MigratedDatabase _db;

    public PostgresRateBudgetTests(MigratedDatabase db) => _db = db;

    [Fact]
    public async Task TryAcquireAsync_UpToTheLimit_GrantsThenSaysHowLongToWait()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var budget = new PostgresRateBudget(_db.DataSource, clock);
        var key = TestData.Unique("cloudflare:");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TimeSpan.Zero, await budget.TryAcquireAsync(key, FivePerMinute));
            clock.Advance(TimeSpan.FromSeconds(10));
        }

        // Permits were taken at t=0,10,20,30,40; now t=50: the first leaves the window at t=60.
        Assert.Equal(TimeSpan.FromSeconds(10), await budget.TryAcquireAsync(key, FivePerMinute));
        Assert.Equal(5, await budget.CountAsync(key, FivePerMinute));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, await budget.TryAcquireAsync(key, FivePerMinute));
        // Two permits need the t=10 and t=20 permits gone: wait until t=80.
        Assert.Equal(TimeSpan.FromSeconds(20), await budget.TryAcquireAsync(key, FivePerMinute, permits: 2));
    }

    [Fact]
    public async Task TryAcquireAsync_SlidingWindow_NeverAdmitsMoreThanTheLimitInAnyWindow()
    {
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var budget = new PostgresRateBudget(_db.DataSource, clock);
        var key = TestData.Unique("window:");
        var granted = new List<DateTimeOffset>();

        // Try every second for five minutes; a token bucket would admit a burst plus the refill (2x in one window).
        for (var s = 0; s < 300; s++)
        {
            if (await budget.TryAcquireAsync(key, FivePerMinute) == TimeSpan.Zero)
            {
                granted.Add(clock.GetUtcNow());
            }

            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(25, granted.Count);
        foreach (var t in granted)
        {
            Assert.True(granted.Count(g => g >= t && g < t + FivePerMinute.Window) <= FivePerMinute.Limit);
        }
    }

    [Fact]
    public async Task TryAcquireAsync_ConcurrentCallersOnTheDatabaseClock_NeverOverspend()
    {
        var budget = new PostgresRateBudget(_db.DataSource);
        var key = TestData.Unique("concurrent:");
        var policy = new RateLimitPolicy(20, TimeSpan.FromHours(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ => await budget.TryAcquireAsync(key, policy)));

        Assert.Equal(20, results.Count(r => r == TimeSpan.Zero));
        Assert.All(results.Where(r => r != TimeSpan.Zero), r => Assert.InRange(r, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1)));
        Assert.Equal(20, await budget.CountAsync(key, policy));
    }

    [Fact]
    public async Task BlockAsync_RetryAfter_DeniesEveryoneUntilItPasses()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var budget = new PostgresRateBudget(_db.DataSource, clock);
        var other = new PostgresRateBudget(_db.DataSource, clock);
        var key = TestData.Unique("blocked:");

        await budget.BlockAsync(key, TimeSpan.FromSeconds(30));
        await budget.BlockAsync(key, TimeSpan.FromSeconds(5)); // a shorter block never shortens a longer one

        Assert.Equal(TimeSpan.FromSeconds(30), await other.TryAcquireAsync(key, FivePerMinute));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.Zero, await other.TryAcquireAsync(key, FivePerMinute));
    }

    [Fact]
    public async Task TryAcquireAsync_BadArguments_AreRejected()
    {
        var budget = new PostgresRateBudget(_db.DataSource);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await budget.TryAcquireAsync("k", FivePerMinute, permits: 6));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await budget.TryAcquireAsync("k", FivePerMinute, permits: 0));
        await Assert.ThrowsAsync<ArgumentException>(async () => await budget.TryAcquireAsync(" ", FivePerMinute));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await budget.TryAcquireAsync("k", new RateLimitPolicy(0, TimeSpan.FromSeconds(1))));
    }
}
