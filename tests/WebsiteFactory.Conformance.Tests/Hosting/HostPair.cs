using Microsoft.DurableTask;
using Npgsql;
using WebsiteFactory.Conformance.Tests.Comparison;
using WebsiteFactory.Conformance.Tests.Scenarios;
using WebsiteFactory.Conformance.Tests.Stubs;
using WebsiteFactory.Testing;
using Xunit.Abstractions;

namespace WebsiteFactory.Conformance.Tests.Hosting;

/// <summary>
/// Both hosts, started once per test class (an xunit class fixture; classes run in parallel, each with its own pair and
/// database): runs a scenario on both at once and asserts the runs look the same.
/// </summary>
public sealed class HostPair : IAsyncLifetime
{
    /// <summary>The bound of one scenario on one host: generous, it only decides how long a broken case takes to fail.</summary>
    private static readonly TimeSpan ScenarioBound = TestBounds.RealWork * 2;

    private NpgsqlDataSource? dataSource;

    /// <summary>Gets the scripts of the scenarios run on this pair.</summary>
    public ScriptBook Book { get; } = new();

    /// <summary>Gets the reference host.</summary>
    public ConformanceHost Reference { get; private set; } = null!;

    /// <summary>Gets the embedded engine.</summary>
    public ConformanceHost Engine { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        this.dataSource = NpgsqlDataSource.Create(await PostgresFixture.CreateDatabaseAsync("conformance"));
        var reference = ConformanceHost.StartReferenceAsync(this.Book);
        var engine = ConformanceHost.StartEngineAsync(this.Book, this.dataSource, "conformance");
        this.Reference = await reference;
        this.Engine = await engine;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Task.WhenAll(this.Reference.DisposeAsync().AsTask(), this.Engine.DisposeAsync().AsTask());
        if (this.dataSource is not null)
        {
            await this.dataSource.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="scenario"/> on both hosts at once and asserts: the reference run ended as the scenario expects,
    /// and the engine's run is the same, line for line (<see cref="HostObservation"/>).
    /// </summary>
    public async Task AssertConformsAsync(Scenario scenario, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(output);
        var token = $"{scenario.Name}-{Guid.NewGuid().ToString("N")[..6]}";
        var script = new StubScript();
        scenario.Script(script);
        this.Book.Add(token, script);

        if (scenario.ReferenceDefect is { } defect)
        {
            var alone = await RunAsync(this.Engine, scenario, token);
            Print(output, $"engine only (the reference host is no oracle here: {defect})", alone);
            AssertExpected(scenario, "engine", alone);
            return;
        }

        var runs = await Task.WhenAll(RunAsync(this.Reference, scenario, token), RunAsync(this.Engine, scenario, token));
        var (reference, engine) = (runs[0], runs[1]);
        Print(output, "reference host", reference);
        AssertExpected(scenario, "reference host", reference);
        Assert.True(
            reference.Lines.SequenceEqual(engine.Lines, StringComparer.Ordinal),
            $"The engine's run differs from the reference host's (- reference only, + engine only):\n{LineDiff.Format(reference.Lines, engine.Lines)}");
    }

    private static void Print(ITestOutputHelper output, string title, HostObservation observation)
    {
        output.WriteLine($"{title}:");
        foreach (var line in observation.Lines)
        {
            output.WriteLine(line);
        }
    }

    private static void AssertExpected(Scenario scenario, string host, HostObservation observation)
    {
        Assert.True(
            observation.Root?.RuntimeStatus == scenario.Expected,
            $"The {host} ended {observation.Root?.RuntimeStatus}, the scenario expects {scenario.Expected}: {observation.RootText}");
        foreach (var text in scenario.ExpectedText)
        {
            Assert.Contains(text, observation.RootText, StringComparison.Ordinal);
        }
    }

    private static async Task<HostObservation> RunAsync(ConformanceHost host, Scenario scenario, string token)
    {
        using var bound = new CancellationTokenSource(ScenarioBound);
        var run = new HostRun(host, token, bound.Token);
        string? timedOut = null;
        try
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(scenario.Orchestrator, scenario.Input(token), new StartOrchestrationOptions(run.RootId), bound.Token);
            if (scenario.Drive is not null)
            {
                await scenario.Drive(run);
            }

            await host.Client.WaitForInstanceCompletionAsync(run.RootId, getInputsAndOutputs: false, bound.Token);

            // Children keep running when a parent is terminated: every instance of the run must finish before it is compared.
            foreach (var id in host.Recorder.InstancesOf(token))
            {
                await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: false, bound.Token);
            }
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            // Still compared: the diff then shows where this host stopped.
            timedOut = $"did not finish within {ScenarioBound.TotalSeconds:0} s";
        }

        using var observing = new CancellationTokenSource(TestBounds.RealWork);
        var observation = await Observer.ObserveAsync(run, scenario, observing.Token);
        return timedOut is null ? observation : observation with { Lines = [.. observation.Lines, $"{host.Kind} host: {timedOut}"] };
    }
}
