using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>What one stub execution does: return a value, throw a permanent, transient or rate-limit error, or wait on a gate first.</summary>
public abstract record StubOutcome
{
    /// <summary>Returns <paramref name="value"/> (serialized by the product's converter).</summary>
    public static StubOutcome Return(object? value) => new Returning(_ => value);

    /// <summary>Returns a value computed from the call.</summary>
    public static StubOutcome Return(Func<StubCall, object?> value) => new Returning(value);

    /// <summary>Throws the product's <see cref="PermanentStepException"/>: the step retry policies give up at once.</summary>
    public static StubOutcome Permanent(string message) => new Throwing(() => new PermanentStepException(message));

    /// <summary>Throws a <see cref="TransientStubException"/>: the step retry policies wait on a durable timer and try again.</summary>
    public static StubOutcome Transient(string message) => new Throwing(() => new TransientStubException(message));

    /// <summary>Throws the product's <see cref="RateLimitedStepException"/> (the retry waits at least <paramref name="after"/>).</summary>
    public static StubOutcome RateLimited(string message, TimeSpan after) => new Throwing(() => new RateLimitedStepException(message, after));

    /// <summary>Waits until the test releases <paramref name="gate"/> on this host, then does <paramref name="then"/>.</summary>
    public static StubOutcome Block(string gate, StubOutcome? then = null) => new Blocking(gate, then);

    /// <summary>Runs the outcome; <paramref name="fallback"/> computes the default result.</summary>
    internal abstract Task<object?> RunAsync(StubCall call, StubGates gates, Func<StubCall, object?> fallback);

    private sealed record Returning(Func<StubCall, object?> Value) : StubOutcome
    {
        internal override Task<object?> RunAsync(StubCall call, StubGates gates, Func<StubCall, object?> fallback) => Task.FromResult(this.Value(call));
    }

    private sealed record Throwing(Func<Exception> Error) : StubOutcome
    {
        internal override Task<object?> RunAsync(StubCall call, StubGates gates, Func<StubCall, object?> fallback) => throw this.Error();
    }

    private sealed record Blocking(string Gate, StubOutcome? Then) : StubOutcome
    {
        internal override async Task<object?> RunAsync(StubCall call, StubGates gates, Func<StubCall, object?> fallback)
        {
            await gates.WaitAsync(call.Token, this.Gate);
            return this.Then is null ? fallback(call) : await this.Then.RunAsync(call, gates, fallback);
        }
    }
}
