namespace WebsiteFactory.Core.Errors;

/// <summary>
/// A vendor failure, translated by its adapter into <see cref="ProviderErrorKind"/>. The message is safe to show and to
/// store in <c>sites.error_message</c>: adapters never put secrets (tokens, keys, passwords) into it.
/// </summary>
public class ProviderException : Exception
{
    /// <summary>Creates a provider error.</summary>
    public ProviderException(string provider, ProviderErrorKind kind, string message, TimeSpan? retryAfter = null, string? vendorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Provider = provider;
        Kind = kind;
        RetryAfter = retryAfter;
        VendorCode = vendorCode;
    }

    /// <summary>Creates a provider error (for serializers and analyzers).</summary>
    public ProviderException() : this("unknown", ProviderErrorKind.Transient, "Provider error.") { }

    /// <summary>Creates a provider error with a message.</summary>
    public ProviderException(string message) : this("unknown", ProviderErrorKind.Transient, message) { }

    /// <summary>Creates a provider error with a message and an inner exception.</summary>
    public ProviderException(string message, Exception inner) : this("unknown", ProviderErrorKind.Transient, message, null, null, inner) { }

    /// <summary>Vendor name, e.g. <c>cloudflare</c>, <c>namecheap</c>.</summary>
    public string Provider { get; }

    /// <summary>What kind of failure this is; decides retry behaviour.</summary>
    public ProviderErrorKind Kind { get; }

    /// <summary>For <see cref="ProviderErrorKind.RateLimited"/>: how long to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The vendor's own error code (e.g. Cloudflare 1061, Namecheap 1011150), if any.</summary>
    public string? VendorCode { get; }

    /// <summary>True when retrying the whole step may help.</summary>
    public bool IsRetryable => Kind is ProviderErrorKind.Transient or ProviderErrorKind.RateLimited;
}
