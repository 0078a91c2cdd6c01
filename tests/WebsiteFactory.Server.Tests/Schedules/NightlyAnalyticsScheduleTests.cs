using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using NSubstitute;
using WebsiteFactory.Api;
using WebsiteFactory.Server.Schedules;
using WebsiteFactory.Testing;
using WebsiteFactory.Workflows.Analytics;

namespace WebsiteFactory.Server.Tests.Schedules;

public sealed class NightlyAnalyticsScheduleTests
{
    [Theory]
    [InlineData("2026-05-10T01:00:00Z", "2026-05-10T02:30:00Z")]
    [InlineData("2026-05-10T02:30:00Z", "2026-05-11T02:30:00Z")]
    [InlineData("2026-05-10T02:29:59Z", "2026-05-10T02:30:00Z")]
    [InlineData("2026-05-10T23:59:59Z", "2026-05-11T02:30:00Z")]
    [InlineData("2026-05-10T03:00:00+02:00", "2026-05-10T02:30:00Z")] // 01:00 UTC
    public void NextAfter_DefaultSchedule_NextUtcOccurrence(string now, string expected)
    {
        var schedule = NightlyAnalyticsSchedule.TryParse(AnalyticsScheduleOptions.DefaultSchedule)!;

        var next = schedule.NextAfter(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal(TimeSpan.Zero, next!.Value.Offset);
    }

    [Theory]
    [InlineData("30 2 * * *")]
    [InlineData("not a cron")]
    [InlineData("0 61 2 * * *")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotSixFieldCron_Null(string? expression)
    {
        Assert.Null(NightlyAnalyticsSchedule.TryParse(expression));
    }

    [Fact]
    public void InstanceIdFor_SameUtcDay_SameId()
    {
        var early = NightlyAnalyticsSchedule.InstanceIdFor(new DateTimeOffset(2026, 5, 10, 0, 0, 1, TimeSpan.Zero));
        var late = NightlyAnalyticsSchedule.InstanceIdFor(new DateTimeOffset(2026, 5, 10, 23, 59, 0, TimeSpan.Zero));
        var nextDay = NightlyAnalyticsSchedule.InstanceIdFor(new DateTimeOffset(2026, 5, 11, 0, 30, 0, TimeSpan.Zero));
        var offset = NightlyAnalyticsSchedule.InstanceIdFor(new DateTimeOffset(2026, 5, 11, 1, 0, 0, TimeSpan.FromHours(2)));

        Assert.Equal("nightly-analytics-20260510", early);
        Assert.Equal(early, late);
        Assert.Equal("nightly-analytics-20260511", nextDay);
        Assert.Equal(early, offset); // 2026-05-10T23:00Z
    }

    [Fact]
    public async Task Scheduler_TimeReachesOccurrences_StartsOneDedupedRunPerDay()
    {
        var clock = new TimerAwareTimeProvider(new DateTimeOffset(2026, 5, 10, 1, 0, 0, TimeSpan.Zero));
        var client = Substitute.For<DurableTaskClient>("test");
        var starts = new List<(string Name, NightlyAnalyticsInput Input, StartOrchestrationOptions Options)>();
        client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(c =>
            {
                lock (starts)
                {
                    starts.Add((c.ArgAt<TaskName>(0).Name, (NightlyAnalyticsInput)c.ArgAt<object?>(1)!, c.ArgAt<StartOrchestrationOptions?>(2)!));
                }

                return Task.FromResult(c.ArgAt<StartOrchestrationOptions?>(2)!.InstanceId!);
            });
        var log = new ListLogger();
        using var scheduler = NewScheduler(client, clock, new AnalyticsScheduleOptions(), log);

        // ExecuteAsync runs on the thread pool: advance the clock only once the scheduler armed its timer (one per wait).
        await scheduler.StartAsync(CancellationToken.None);
        await clock.WaitForTimersAsync(1);
        Assert.Equal(1, log.Count("Next nightly analytics run at 2026-05-10 02:30:00Z"));
        clock.Advance(TimeSpan.FromMinutes(89));
        Assert.Empty(Snapshot(starts)); // 02:29, one minute early
        clock.Advance(TimeSpan.FromMinutes(1));
        await clock.WaitForTimersAsync(2); // started the run, then waits for the next night
        Assert.Single(Snapshot(starts));
        Assert.Equal(1, log.Count("Next nightly analytics run at 2026-05-11 02:30:00Z"));
        clock.Advance(TimeSpan.FromDays(1));
        await clock.WaitForTimersAsync(3);
        await scheduler.StopAsync(CancellationToken.None);

        var all = Snapshot(starts);
        Assert.All(all, s => Assert.Equal(NightlyAnalytics.Name, s.Name));
        Assert.Equal(new[] { "nightly-analytics-20260510", "nightly-analytics-20260511" }, all.Select(s => s.Options.InstanceId));
        Assert.Equal(new DateOnly?[] { new DateOnly(2026, 5, 10), new DateOnly(2026, 5, 11) }, all.Select(s => s.Input.Date));

        // Completed runs block a second start too (two processes, or a restart after the run).
        Assert.All(all, s => Assert.Contains(nameof(OrchestrationRuntimeStatus.Completed), s.Options.DedupeStatuses!));
        Assert.All(all, s => Assert.Contains(nameof(OrchestrationRuntimeStatus.Running), s.Options.DedupeStatuses!));
    }

    [Fact]
    public async Task Scheduler_StartFails_KeepsScheduleForNextDay()
    {
        var clock = new TimerAwareTimeProvider(new DateTimeOffset(2026, 5, 10, 3, 0, 0, TimeSpan.Zero));
        var client = Substitute.For<DurableTaskClient>("test");
        var calls = 0;
        client.ScheduleNewOrchestrationInstanceAsync(Arg.Any<TaskName>(), Arg.Any<object?>(), Arg.Any<StartOrchestrationOptions?>(), Arg.Any<CancellationToken>())
            .Returns(_ => Interlocked.Increment(ref calls) == 1
                ? Task.FromException<string>(new InvalidOperationException("database unavailable"))
                : Task.FromResult("ok"));
        var log = new ListLogger();
        using var scheduler = NewScheduler(client, clock, new AnalyticsScheduleOptions(), log);

        await scheduler.StartAsync(CancellationToken.None);
        await clock.WaitForTimersAsync(1);
        Assert.Equal(1, log.Count("Next nightly analytics run at 2026-05-11"));
        clock.Advance(TimeSpan.FromDays(1));
        await clock.WaitForTimersAsync(2); // the start failed, and the scheduler waits for the next night
        Assert.Equal(1, Volatile.Read(ref calls));
        Assert.Equal(1, log.Count("Could not start"));
        Assert.Equal(1, log.Count("Next nightly analytics run at 2026-05-12"));
        clock.Advance(TimeSpan.FromDays(1));
        await clock.WaitForTimersAsync(3);
        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal(1, log.Count("Could not start"));
        await scheduler.StopAsync(CancellationToken.None);

        Assert.NotNull(scheduler.ExecuteTask);
        Assert.False(scheduler.ExecuteTask!.IsFaulted);
    }

    [Fact]
    public async Task Scheduler_Disabled_NeverStarts()
    {
        var clock = new TimerAwareTimeProvider(new DateTimeOffset(2026, 5, 10, 1, 0, 0, TimeSpan.Zero));
        var client = Substitute.For<DurableTaskClient>("test");
        using var scheduler = NewScheduler(client, clock, new AnalyticsScheduleOptions { Enabled = false });

        await scheduler.StartAsync(CancellationToken.None);
        await scheduler.ExecuteTask!.WaitAsync(TestBounds.RealWork);
        clock.Advance(TimeSpan.FromDays(2));

        Assert.True(scheduler.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, clock.TimersCreated);
        Assert.Empty(client.ReceivedCalls());
    }

    [Fact]
    public async Task Scheduler_OrchestratorNotRegistered_NeverStarts()
    {
        var clock = new TimerAwareTimeProvider(new DateTimeOffset(2026, 5, 10, 1, 0, 0, TimeSpan.Zero));
        var client = Substitute.For<DurableTaskClient>("test");
        using var scheduler = new NightlyAnalyticsScheduler(
            client, new OrchestratorCatalog([]), Options.Create(new AnalyticsScheduleOptions()), clock, NullLogger<NightlyAnalyticsScheduler>.Instance);

        await scheduler.StartAsync(CancellationToken.None);
        await scheduler.ExecuteTask!.WaitAsync(TestBounds.RealWork);
        clock.Advance(TimeSpan.FromDays(2));

        Assert.True(scheduler.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, clock.TimersCreated);
        Assert.Empty(client.ReceivedCalls());
    }

    [Theory]
    [InlineData("30 2 * * *", "true", false)]
    [InlineData("every night", "true", false)]
    [InlineData("every night", "false", true)]
    [InlineData("0 0 4 * * *", "true", true)]
    public void Options_FromConfiguration_ValidatedOnStart(string schedule, string enabled, bool valid)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Analytics:NightlySchedule"] = schedule, ["Analytics:Enabled"] = enabled })
            .Build();
        using var provider = new ServiceCollection().AddWebsiteFactorySchedules(config).BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<AnalyticsScheduleOptions>>().Value;

        if (valid)
        {
            Assert.Equal(schedule, read().NightlySchedule);
        }
        else
        {
            var e = Assert.Throws<OptionsValidationException>(read);
            Assert.Contains("Analytics:NightlySchedule", e.Message, StringComparison.Ordinal);
        }
    }

    private static NightlyAnalyticsScheduler NewScheduler(DurableTaskClient client, TimeProvider clock, AnalyticsScheduleOptions options, ILogger<NightlyAnalyticsScheduler>? log = null) =>
        new(client, new OrchestratorCatalog([NightlyAnalytics.Name]), Options.Create(options), clock, log ?? NullLogger<NightlyAnalyticsScheduler>.Instance);

    private static List<T> Snapshot<T>(List<T> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>Keeps formatted log messages, so a test can check what the scheduler reported.</summary>
    private sealed class ListLogger : ILogger<NightlyAnalyticsScheduler>
    {
        private readonly List<string> messages = [];

        public int Count(string fragment)
        {
            lock (this.messages)
            {
                return this.messages.Count(m => m.Contains(fragment, StringComparison.Ordinal));
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (this.messages)
            {
                this.messages.Add(formatter(state, exception));
            }
        }
    }
}
