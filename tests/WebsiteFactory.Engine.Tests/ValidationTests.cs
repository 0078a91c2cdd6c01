using WebsiteFactory.Testing;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Replay determinism, versioning, payload limits and bad input.</summary>
public sealed class ReplayAndValidationTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Replay_CodeChangedUnderRunningInstance_FailsWithNonDeterministicErrorNamingBothActions()
    {
        string firstActivity = "CreateZone";
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivity<string, string>("CreateZone", (_, s) => Task.FromResult(s))
                .AddActivity<string, string>("CreateRecords", (_, s) => Task.FromResult(s))
                .AddOrchestrator<string?, string>("Provision", async (ctx, _) =>
                {
                    await ctx.CallActivityAsync<string>(Volatile.Read(ref firstActivity), "x");
                    return await ctx.WaitForExternalEvent<string>("Go");
                }),
            o => o.CursorCacheCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Provision");
        await h.WaitUntilAsync(id, _ => h.CountAsync("history", "kind = 5").Result == 1);

        Volatile.Write(ref firstActivity, "CreateRecords");
        await h.Client.RaiseEventAsync(id, "Go", "now");
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("'CreateZone'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'CreateRecords'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_ReplayedEpisodes_IsReplayingTrueOnlyForRecordedPart()
    {
        var flags = new List<bool>();
        await using var h = await EngineHarness.StartAsync(
            db,
            r => r
                .AddActivity<int, int>("Id", (_, x) => Task.FromResult(x))
                .AddOrchestrator<string?, int>("Flags", async (ctx, _) =>
                {
                    lock (flags)
                    {
                        flags.Add(ctx.IsReplaying);
                    }

                    int a = await ctx.CallActivityAsync<int>("Id", 1);
                    lock (flags)
                    {
                        flags.Add(ctx.IsReplaying);
                    }

                    return a + await ctx.CallActivityAsync<int>("Id", 2);
                }),
            o => o.CursorCacheCapacity = 0);
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flags");

        Assert.Equal(3, (await h.CompleteAsync(id)).ReadOutputAs<int>());

        // Episode 1: start (live). Episode 2: start (replay), after A (live). Episode 3: start, after A (replay).
        Assert.Equal([false, true, false, true, true], flags);
    }

    [Fact]
    public async Task Orchestrator_AwaitsTaskDelay_FailsLoudlyInsteadOfHanging()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("BadDelay", async (_, _) =>
            {
                await Task.Delay(10);
                return "never";
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("BadDelay");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("not a durable task", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versioning_InstancesRunTheVersionTheyStartedOn()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Flow", (_, _) => Task.FromResult("v1"), version: "1")
            .AddOrchestrator<string?, string>("Flow", (_, _) => Task.FromResult("v2"), version: "2"));

        string v1 = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flow", options: new StartOrchestrationOptions { Version = "1" });
        string latest = await h.Client.ScheduleNewOrchestrationInstanceAsync("Flow");

        Assert.Equal("v1", (await h.CompleteAsync(v1)).ReadOutputAs<string>());
        OrchestrationMetadata done = await h.CompleteAsync(latest);
        Assert.Equal("v2", done.ReadOutputAs<string>());
        Assert.Equal("2", done.Version);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Flow", options: new StartOrchestrationOptions { Version = "3" }));
    }

    [Fact]
    public async Task Versioning_WorkerLacksInstanceVersion_FailsWithClearMessage()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        string id;
        await using (var old = await EngineHarness.StartAsync(
            db, r => r.AddOrchestrator<string?, string>("Flow", (ctx, _) => ctx.WaitForExternalEvent<string>("Go"), version: "1"), schema: schema))
        {
            id = await old.Client.ScheduleNewOrchestrationInstanceAsync("Flow");
            await old.Client.WaitForInstanceStartAsync(id);
        }

        await using var upgraded = await EngineHarness.StartAsync(
            db, r => r.AddOrchestrator<string?, string>("Flow", (_, _) => Task.FromResult("v2"), version: "2"), o => o.CursorCacheCapacity = 0, schema: schema);
        await upgraded.Client.RaiseEventAsync(id, "Go", "x");
        OrchestrationMetadata done = await upgraded.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("no registered version '1'", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_OneMegabyteInput_RoundTripsThroughActivity()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, int>("Length", (_, s) => Task.FromResult(s.Length))
            .AddOrchestrator<string, string>("Big", async (ctx, s) => $"{await ctx.CallActivityAsync<int>("Length", s)}:{s[..3]}"));
        string big = "ü€" + new string('x', (1024 * 1024) - 20);

        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Big", big);
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal($"{big.Length}:{big[..3]}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Payload_AboveLimit_RejectedAtScheduleWithClearErrorAndNothingWritten()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r.AddOrchestrator<string, string>("Big", (_, s) => Task.FromResult(s)));

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => h.Client.ScheduleNewOrchestrationInstanceAsync("Big", new string('x', 1024 * 1024 + 1)));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await h.CountAsync("instances"));
    }

    [Fact]
    public async Task Payload_ActivityOutputAboveLimit_ActivityFailsWithPayloadTooLarge()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<int, string>("Huge", (_, n) => Task.FromResult(new string('y', n)))
            .AddOrchestrator<int, string>("CallsHuge", async (ctx, n) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Huge", n);
                }
                catch (TaskFailedException e)
                {
                    return e.FailureDetails.ErrorType;
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsHuge", 2 * 1024 * 1024);

        Assert.Equal(typeof(PayloadTooLargeException).FullName, (await h.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task PoisonActivity_InputNotDeserializable_FailsTaskWithClearMessage()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<int, int>("NeedsInt", (_, x) => Task.FromResult(x))
            .AddOrchestrator<string?, string>("SendsText", async (ctx, _) =>
            {
                try
                {
                    return (await ctx.CallActivityAsync<int>("NeedsInt", "not a number")).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                catch (TaskFailedException e)
                {
                    return e.FailureDetails.ErrorMessage;
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("SendsText");

        Assert.Contains("cannot be read as Int32", (await h.CompleteAsync(id)).ReadOutputAs<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoisonActivity_WorkerDiesMidActivityAndMaxDeliveriesReached_FailedWithoutRunningAgain()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        int runs = 0;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Register(WorkflowRegistry r) => r
            .AddActivity<string, string>("Hangs", async (ctx, s) =>
            {
                Interlocked.Increment(ref runs);
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
                return s;
            })
            .AddOrchestrator<string?, string>("Poison", (ctx, _) => ctx.CallActivityAsync<string>("Hangs", "x"));
        string id;
        await using (var first = await EngineHarness.StartAsync(db, Register, o => o.LeaseDuration = TimeSpan.FromSeconds(1), schema: schema))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Poison");
            await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using var second = await EngineHarness.StartAsync(db, Register, o => o.MaxActivityDeliveries = 1, schema: schema);
        OrchestrationMetadata done = await second.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonActivity", done.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task PoisonActivity_OutputNotSerializable_FailsTask()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivity<string, object>("Cyclic", (_, _) =>
            {
                var node = new Node();
                node.Next = node;
                return Task.FromResult<object>(node);
            })
            .AddOrchestrator<string?, object>("CallsCyclic", (ctx, _) => ctx.CallActivityAsync<object>("Cyclic", "x")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsCyclic");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("not JSON-serializable", done.FailureDetails!.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_UnknownNamesUnserializableInputAndUnknownInstances_ClearErrorsNothingWritten()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("CallsMissing", (ctx, _) => ctx.CallActivityAsync<string>("NoSuchActivity"))
            .AddOrchestrator<object?, string>("Takes", (_, _) => Task.FromResult("ok")));

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator"));
        Assert.Contains("No orchestrator named 'NoSuchOrchestrator'", unknown.Message, StringComparison.Ordinal);
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var unserializable = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Takes", cyclic));
        Assert.Contains("not JSON-serializable", unserializable.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Takes", options: new StartOrchestrationOptions { InstanceId = "a/b" }));
        Assert.Equal(0, await h.CountAsync("instances"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => h.Client.RaiseEventAsync("nobody", "Evt", 1));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => h.Client.TerminateInstanceAsync("nobody"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => h.Client.GetOrchestrationHistoryAsync("nobody"));
        Assert.Equal(0, await h.CountAsync("inbox"));

        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissing");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("No activity named 'NoSuchActivity'", done.FailureDetails!.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOrchestrationStateException>(() => h.Client.RaiseEventAsync(id, "Evt", 1));
    }

    [Fact]
    public async Task Schedule_ExistingRunningId_RejectedOrDeduplicatedByPolicy()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", options: new StartOrchestrationOptions { InstanceId = "site-example.com" });

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", options: new StartOrchestrationOptions { InstanceId = "site-example.com" }));
        string same = await h.Client.ScheduleNewOrchestrationInstanceAsync(
            "Forever", options: new StartOrchestrationOptions { InstanceId = "site-example.com", IfExists = ExistingInstancePolicy.ReturnExisting });

        Assert.Equal(OrchestrationRuntimeStatus.Running, error.ExistingStatus is OrchestrationRuntimeStatus.Pending ? OrchestrationRuntimeStatus.Running : error.ExistingStatus);
        Assert.Equal("site-example.com", same);
        Assert.Equal(1, await h.CountAsync("instances"));
    }

    [Fact]
    public async Task Query_FiltersAndContinuationTokens_PageThroughAllMatches()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestrator<int, int>("Quick", (_, x) => Task.FromResult(x))
            .AddOrchestrator<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        for (int i = 0; i < 7; i++)
        {
            await h.CompleteAsync(await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", i, new StartOrchestrationOptions { InstanceId = $"batch-{i}" }));
        }

        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", options: new StartOrchestrationOptions { InstanceId = "other-1" });

        var seen = new List<string>();
        string? token = null;
        do
        {
            Page<OrchestrationMetadata> page = await h.Client.QueryInstancesAsync(new OrchestrationQuery(
                Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: "batch-", PageSize: 3, ContinuationToken: token));
            Assert.True(page.Values.Count <= 3);
            seen.AddRange(page.Values.Select(v => v.InstanceId));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(7, seen.Distinct().Count());
        List<OrchestrationMetadata> byName = await h.Client.GetAllInstancesAsync(new OrchestrationQuery { Name = "forever" }).ToListAsync();
        Assert.Equal("other-1", Assert.Single(byName).InstanceId);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }
}
