using System.Collections.Concurrent;

namespace WebsiteFactory.Conformance.Tests.Stubs;

/// <summary>The scripts of the scenarios running on a host pair, by scenario token (every instance id of a scenario contains its token).</summary>
public sealed class ScriptBook
{
    private readonly ConcurrentDictionary<string, StubScript> scripts = new(StringComparer.Ordinal);

    /// <summary>Adds a scenario's script.</summary>
    public void Add(string token, StubScript script)
    {
        if (!this.scripts.TryAdd(token, script))
        {
            throw new InvalidOperationException($"Scenario token '{token}' is in use.");
        }
    }

    /// <summary>The scenario an instance belongs to.</summary>
    public (string Token, StubScript Script) Find(string instanceId)
    {
        foreach (var (token, script) in this.scripts)
        {
            if (instanceId.Contains(token, StringComparison.Ordinal))
            {
                return (token, script);
            }
        }

        throw new InvalidOperationException($"No scenario script for instance '{instanceId}'.");
    }
}
