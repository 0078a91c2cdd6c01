using System.Text.Json;
using OrchestrationAlreadyExistsException = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Engine.Tests;

/// <summary>Payload limits, poison activities, bad input, duplicate ids and queries.</summary>
public sealed class ValidationTests(PostgresFixture db) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Payload_OneMegabyteInput_RoundTripsThroughActivity()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, int>("Length", (_, s) => Task.FromResult(s.Length))
            .AddOrchestratorFunc<string, string>("Big", async (ctx, s) => $"{await ctx.CallActivityAsync<int>("Length", s)}:{s[..3]}"));
        string big = "ü€" + new string('x', (1024 * 1024) - 40);

        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Big", big);
        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal($"{big.Length}:{big[..3]}", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Payload_AboveLimit_RejectedAtScheduleWithClearErrorAndNothingWritten()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r.AddOrchestratorFunc<string, string>("Big", (_, s) => Task.FromResult(s)));

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => h.Client.ScheduleNewOrchestrationInstanceAsync("Big", new string('x', 1024 * 1024 + 1)));

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await h.CountAsync("instances"));
    }

    [Fact]
    public async Task Payload_ActivityOutputAboveLimit_ActivityFailsWithPayloadTooLarge()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, string>("Huge", (_, n) => Task.FromResult(new string('y', n)))
            .AddOrchestratorFunc<int, string>("CallsHuge", async (ctx, n) =>
            {
                try
                {
                    return await ctx.CallActivityAsync<string>("Huge", n);
                }
                catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<PayloadTooLargeException>())
                {
                    return e.FailureDetails.ErrorType;
                }
            }));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsHuge", 2 * 1024 * 1024);

        Assert.Equal(typeof(PayloadTooLargeException).FullName, (await h.CompleteAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task Payload_OrchestratorOutputAboveLimit_InstanceFailsWithPayloadTooLarge()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, string>("HugeOutput", (_, n) => Task.FromResult(new string('z', n))));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("HugeOutput", 2 * 1024 * 1024);

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails!.IsCausedBy<PayloadTooLargeException>(), done.FailureDetails.ErrorType);
        Assert.Contains("limit", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(done.SerializedOutput);
    }

    [Fact]
    public async Task PoisonActivity_InputNotDeserializable_FailsTaskWithClearMessage()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<int, int>("NeedsInt", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string?, string>("SendsText", async (ctx, _) =>
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
        var probe = new HangProbe();
        void Register(DurableTaskRegistry r) => r
            .AddActivity<Hangs>()
            .AddOrchestratorFunc<string?, string>("Poison", (ctx, _) => ctx.CallActivityAsync<string>(nameof(Hangs), "x"));
        string id;
        await using (var first = await EngineHarness.StartAsync(db, Register, o => o.LeaseDuration = TimeSpan.FromSeconds(1), s => s.AddSingleton(probe), schema))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Poison");
            await probe.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        await using var second = await EngineHarness.StartAsync(db, Register, o => o.MaxActivityDeliveries = 1, s => s.AddSingleton(probe), schema);
        OrchestrationMetadata done = await second.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal("PoisonActivity", done.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Equal(1, probe.Runs);
    }

    [Fact]
    public async Task PoisonActivity_OutputNotSerializable_FailsTaskWithSerializerError()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddActivityFunc<string, object>("Cyclic", (_, _) =>
            {
                var node = new Node();
                node.Next = node;
                return Task.FromResult<object>(node);
            })
            .AddOrchestratorFunc<string?, object>("CallsCyclic", (ctx, _) => ctx.CallActivityAsync<object>("Cyclic", "x")));
        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsCyclic");

        OrchestrationMetadata done = await h.CompleteAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(JsonException).FullName, done.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("cycle", done.FailureDetails.InnerFailure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_UnknownNamesUnserializableInputAndUnknownInstances_ClearErrorsNothingWritten()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("CallsMissing", (ctx, _) => ctx.CallActivityAsync<string>("NoSuchActivity"))
            .AddOrchestratorFunc<object?, string>("Takes", (_, _) => Task.FromResult("ok")));

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator"));
        Assert.Contains("No orchestrator named 'NoSuchOrchestrator'", unknown.Message, StringComparison.Ordinal);
        var cyclic = new Node();
        cyclic.Next = cyclic;
        var unserializable = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Takes", cyclic));
        Assert.Contains("cannot be serialized", unserializable.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Takes", new StartOrchestrationOptions { InstanceId = "a/b" }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync("Takes", new StartOrchestrationOptions { InstanceId = new string('i', 257) }));
        Assert.Equal(0, await h.CountAsync("instances"));
        // As the SDK documents: events and terminations for unknown instances are discarded, not errors.
        await h.Client.RaiseEventAsync("nobody", "Evt", 1);
        await h.Client.TerminateInstanceAsync("nobody");
        await h.Client.SuspendInstanceAsync("nobody");
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => h.Client.RewindInstanceAsync("nobody", "why"));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => h.Client.GetOrchestrationHistoryAsync("nobody"));
        Assert.Equal(0, await h.CountAsync("inbox"));

        string id = await h.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissing");
        OrchestrationMetadata done = await h.CompleteAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("No activity named 'NoSuchActivity'", done.FailureDetails!.InnerFailure!.ErrorMessage, StringComparison.Ordinal);
        await h.Client.RaiseEventAsync(id, "Evt", 1);
        await h.Client.ResumeInstanceAsync(id);
        Assert.Equal(0, await h.CountAsync("inbox"));
    }

    [Fact]
    public async Task Schedule_ExistingIds_RunningRejectedFinishedReplacedUnlessDedupeStatusSaysOtherwise()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never"))
            .AddOrchestratorFunc<int, int>("Quick", (_, x) => Task.FromResult(x)));
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new StartOrchestrationOptions { InstanceId = "site-example.com" });

        var error = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new StartOrchestrationOptions { InstanceId = "site-example.com" }));
        Assert.Contains("site-example.com", error.Message, StringComparison.Ordinal);

        Assert.Equal(1, (await h.CompleteAsync(await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 1, new StartOrchestrationOptions { InstanceId = "quick" }))).ReadOutputAs<int>());
        await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", 2, new StartOrchestrationOptions { InstanceId = "quick" });
        Assert.Equal(2, (await h.WaitUntilAsync("quick", m => m.SerializedOutput == "2")).ReadOutputAs<int>());
        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => h.Client.ScheduleNewOrchestrationInstanceAsync(
            "Quick", 3, new StartOrchestrationOptions { InstanceId = "quick" }.WithDedupeStatuses(OrchestrationRuntimeStatus.Completed)));

        Assert.Equal(2, await h.CountAsync("instances"));
        Assert.Equal("2", (await h.Client.GetInstanceAsync("quick", true))!.SerializedOutput);
    }

    [Fact]
    public async Task Query_FiltersAndPages_PageThroughAllMatches()
    {
        await using var h = await EngineHarness.StartAsync(db, r => r
            .AddOrchestratorFunc<int, int>("Quick", (_, x) => Task.FromResult(x))
            .AddOrchestratorFunc<string?, string>("Forever", (ctx, _) => ctx.WaitForExternalEvent<string>("never")));
        for (int i = 0; i < 7; i++)
        {
            await h.CompleteAsync(await h.Client.ScheduleNewOrchestrationInstanceAsync("Quick", i, new StartOrchestrationOptions { InstanceId = $"batch-{i}" }));
        }

        await h.Client.WaitForInstanceStartAsync(
            await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever", new StartOrchestrationOptions { InstanceId = "batch-running" }));

        var seen = new List<string>();
        int pages = 0;
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix = "batch-", PageSize = 3 };
        await foreach (Page<OrchestrationMetadata> page in h.Client.GetAllInstancesAsync(query).AsPages())
        {
            pages++;
            Assert.True(page.Values.Count <= 3);
            seen.AddRange(page.Values.Select(v => v.InstanceId));
        }

        Assert.Equal(7, seen.Distinct().Count());
        Assert.Equal(7, seen.Count);
        Assert.Equal(3, pages);
        List<OrchestrationMetadata> running = await h.Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }).ToListAsync();
        Assert.Equal("batch-running", Assert.Single(running).InstanceId);
    }

    private sealed class Node
    {
        public Node? Next { get; set; }
    }

    /// <summary>What the hanging activity reports to the test.</summary>
    private sealed class HangProbe
    {
        private int runs;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Runs => Volatile.Read(ref this.runs);

        public void Ran()
        {
            Interlocked.Increment(ref this.runs);
            this.Started.TrySetResult();
        }
    }

    /// <summary>Runs until its lease or the worker goes (the accessor's token), like a call whose worker dies.</summary>
    private sealed class Hangs(HangProbe probe, IActivityExecutionAccessor execution) : TaskActivity<string, string>
    {
        public override async Task<string> RunAsync(TaskActivityContext context, string input)
        {
            probe.Ran();
            await Task.Delay(Timeout.Infinite, execution.Current.CancellationToken);
            return input;
        }
    }
}
