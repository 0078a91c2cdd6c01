namespace WebsiteFactory.Simulators.Content;

/// <summary>A fault the chat simulator answers one request with (scripted via <see cref="ChatCompletionsSimulator.EnqueueFault"/>).</summary>
public enum ChatFault
{
    /// <summary>429 <c>rate_limit_exceeded</c> with <c>retry-after</c>.</summary>
    RateLimited,
    /// <summary>429 <c>insufficient_quota</c> (no retry-after; retrying never helps).</summary>
    InsufficientQuota,
    /// <summary>200 whose message content is not valid JSON.</summary>
    Malformed,
    /// <summary>200 with <c>finish_reason: length</c> and content cut in the middle.</summary>
    Truncated,
    /// <summary>200 with valid JSON that violates the schema (required property missing).</summary>
    SchemaViolation,
    /// <summary>503 server error.</summary>
    ServerError,
}
