using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;
using WebsiteFactory.Providers.Registrars;

namespace WebsiteFactory.Providers.Tests.Vendors;

/// <summary>
/// Namecheap counts a call when it arrives. <c>EnsureNameservers</c> pays its three calls up front; one that leaves later
/// than the window guard after its permit must pay again, or a loaded worker's read-back lands outside the budget's window.
/// </summary>
public sealed class NamecheapPermitTests
{
    private static readonly string[] CfNs = ["ada.ns.cloudflare.com", "bart.ns.cloudflare.com"];

    [Theory]
    [InlineData(0, 3)] // the three calls leave at once: the permits taken up front cover them
    [InlineData(10, 5)] // each answer takes 10 s against a 5 s guard: the set and the read-back each pay the minute again
    public async Task EnsureNameservers_AnswersTakeSeconds_CallsLeavingAfterTheGuardPayAgain(int answerSeconds, int expectedMinutePermits)
    {
        var clock = new SteppedClock();
        await using var host = await VendorTestHost.StartAsync(
            extraConfig: new Dictionary<string, string?> { ["Providers:Namecheap:WindowGuard"] = "00:00:05" },
            clock: clock,
            configure: services => services.AddHttpClient<NamecheapRegistrar>()
                .AddHttpMessageHandler(() => new SlowAnswers(clock, TimeSpan.FromSeconds(answerSeconds))));
        var registrar = host.Get<IRegistrarClient>();
        var calls = host.Simulators.State.Namecheap.CallCount;

        Assert.True(await registrar.EnsureNameserversAsync(host.Namecheap, DomainName.Parse("late.com", CultureInfo.InvariantCulture), CfNs));

        Assert.Equal(calls + 3, host.Simulators.State.Namecheap.CallCount);
        var everything = new RateLimitPolicy(1000, TimeSpan.FromHours(2));
        Assert.Equal(expectedMinutePermits, await host.Get<IRateBudget>().CountAsync($"namecheap:{host.Namecheap.Id}:m", everything));
        Assert.Equal(3, await host.Get<IRateBudget>().CountAsync($"namecheap:{host.Namecheap.Id}:h", everything));
    }

    [Fact]
    public async Task GetNameservers_HourBudgetFreesInFiveSeconds_LateCallPaysTheMinuteAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await VendorTestHost.StartAsync(
            extraConfig: new Dictionary<string, string?> { ["Providers:Namecheap:WindowGuard"] = "00:00:01", ["Providers:Namecheap:PerHour"] = "1" },
            clock: clock);
        var registrar = host.Get<IRegistrarClient>();
        var domain = DomainName.Parse("hourly.com", CultureInfo.InvariantCulture);
        await registrar.GetNameserversAsync(host.Namecheap, domain);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1) - TimeSpan.FromSeconds(5));

        // The hour's only permit frees in 5 s: the call waits for it (the secret and the budget answer synchronously, so its
        // timer is set when the call returns its task), and the clock then moves past the wait in one step.
        var call = registrar.GetNameserversAsync(host.Namecheap, domain);
        Assert.False(call.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(6));
        await call.WaitAsync(TimeSpan.FromSeconds(30));

        // The wait aged the minute permit past the 1 s guard: the call paid a fresh one as it left, within the last 3 s,
        // and the hour, whose only permit it now holds, was not paid again (that would have refused the call for an hour).
        var minute = $"namecheap:{host.Namecheap.Id}:m";
        // (The wider count first: the in-process budget forgets what falls outside the window it is asked about.)
        Assert.Equal(2, await host.Get<IRateBudget>().CountAsync(minute, new RateLimitPolicy(18, TimeSpan.FromSeconds(10))));
        Assert.Equal(1, await host.Get<IRateBudget>().CountAsync(minute, new RateLimitPolicy(18, TimeSpan.FromSeconds(3))));
    }

    /// <summary>The system clock moved forward on demand; timers stay real, so nothing waits on a test to advance it.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _offsetTicks;

        public void Step(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }

    private sealed class SlowAnswers(SteppedClock clock, TimeSpan answerTime) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            clock.Step(answerTime);
            return response;
        }
    }
}
