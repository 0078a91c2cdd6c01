namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Tokens a model call consumed (zero when a compatible server omits <c>usage</c>).</summary>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens)
{
    /// <summary>No usage.</summary>
    public static TokenUsage None { get; } = new(0, 0, 0);

    /// <summary>Adds two usages.</summary>
    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.PromptTokens + right.PromptTokens, left.CompletionTokens + right.CompletionTokens, left.TotalTokens + right.TotalTokens);
    }

    /// <summary>Adds two usages (named alternative to the operator).</summary>
    public static TokenUsage Add(TokenUsage left, TokenUsage right) => left + right;

    /// <summary>The audit-event wording: <c>model usage N tokens (prompt P, completion C)</c>.</summary>
    /// <returns>The text.</returns>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model usage {TotalTokens} tokens (prompt {PromptTokens}, completion {CompletionTokens})");
}
