namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>
/// A scenario's script for the stub activities: per activity name (optionally narrowed by a condition on the call), the
/// outcomes of its first attempts in order. Attempts past the list, and activities without a rule, return the default
/// result (<see cref="ProductStubs.Default"/>). The last matching rule wins, so a narrow rule added after a broad one
/// overrides it.
/// </summary>
/// <remarks>
/// Attempts are counted per host, per instance, activity and input (<see cref="StubCall.Attempt"/>), so a script means
/// the same on both hosts even when activities of different instances run in a different order.
/// </remarks>
public sealed class StubScript
{
    private readonly List<Rule> rules = [];

    /// <summary>Scripts the first attempts of <paramref name="activity"/>.</summary>
    public StubScript On(string activity, params StubOutcome[] outcomes) => this.On(activity, _ => true, outcomes);

    /// <summary>Scripts the first attempts of <paramref name="activity"/> for calls matching <paramref name="when"/>.</summary>
    public StubScript On(string activity, Func<StubCall, bool> when, params StubOutcome[] outcomes)
    {
        this.rules.Add(new Rule(activity, when, outcomes, Repeat: false));
        return this;
    }

    /// <summary>Scripts every attempt of <paramref name="activity"/>.</summary>
    public StubScript Always(string activity, StubOutcome outcome) => this.Always(activity, _ => true, outcome);

    /// <summary>Scripts every attempt of <paramref name="activity"/> for calls matching <paramref name="when"/>.</summary>
    public StubScript Always(string activity, Func<StubCall, bool> when, StubOutcome outcome)
    {
        this.rules.Add(new Rule(activity, when, [outcome], Repeat: true));
        return this;
    }

    /// <summary>The outcome of <paramref name="call"/>, or null for the default result.</summary>
    internal StubOutcome? Resolve(StubCall call)
    {
        for (var i = this.rules.Count - 1; i >= 0; i--)
        {
            var rule = this.rules[i];
            if (!string.Equals(rule.Activity, call.Activity, StringComparison.Ordinal) || !rule.When(call))
            {
                continue;
            }

            if (rule.Repeat)
            {
                return rule.Outcomes[0];
            }

            return call.Attempt <= rule.Outcomes.Length ? rule.Outcomes[call.Attempt - 1] : null;
        }

        return null;
    }

    private sealed record Rule(string Activity, Func<StubCall, bool> When, StubOutcome[] Outcomes, bool Repeat);
}
