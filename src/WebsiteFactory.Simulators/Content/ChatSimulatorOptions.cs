namespace WebsiteFactory.Simulators.Content;

/// <summary>Behaviour of the OpenAI-compatible chat completions simulator. Rates are probabilities in [0, 1].</summary>
public sealed class ChatSimulatorOptions
{
    /// <summary>Accepted API keys; empty accepts any non-empty key. Default empty.</summary>
    public IList<string> ApiKeys { get; } = [];

    /// <summary>Probability of a 429 <c>rate_limit_exceeded</c>. Default 0.</summary>
    public double RateLimitRate { get; set; }

    /// <summary>Probability of malformed (non-JSON) content. Default 0.</summary>
    public double MalformedRate { get; set; }

    /// <summary>Probability of truncated output (<c>finish_reason: length</c>). Default 0.</summary>
    public double TruncatedRate { get; set; }

    /// <summary><c>retry-after</c> sent with simulated 429s. Default 1 s.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed of the random source behind the rates. Default 42.</summary>
    public int Seed { get; set; } = 42;
}
