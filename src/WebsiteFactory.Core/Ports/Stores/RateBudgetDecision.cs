namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Answer of <see cref="IRateBudgetStore.TryTakeAsync"/>.</summary>
/// <param name="Granted">True when the tokens were taken: go ahead.</param>
/// <param name="Remaining">Tokens left in the bucket after the decision (may be negative after a penalty).</param>
/// <param name="RetryAfter">When not granted: how long until enough tokens will be there (zero when granted).</param>
public sealed record RateBudgetDecision(bool Granted, double Remaining, TimeSpan RetryAfter);
