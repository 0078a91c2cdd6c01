namespace WebsiteFactory.Providers.Shared;

/// <summary>Resilience settings of one vendor's HttpClient (Polly standard handler), bound per vendor section.</summary>
public sealed class VendorHttpOptions
{
    /// <summary>Timeout of one attempt. Default 15 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Timeout of the whole call including retries. Default 60 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of idempotent requests inside one call. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Longest <c>Retry-After</c> honoured inside a call; longer ones surface as rate-limited errors for the durable retry. Default 10 s.</summary>
    public TimeSpan MaxInCallRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait on the shared rate budget inside a call. Default 30 s.</summary>
    public TimeSpan MaxBudgetWait { get; set; } = TimeSpan.FromSeconds(30);
}
