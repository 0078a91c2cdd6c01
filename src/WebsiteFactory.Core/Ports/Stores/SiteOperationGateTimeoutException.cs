namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// <see cref="ISiteOperationGate.EnterAsync"/> did not get the site's gate within the configured wait: another start of
/// an operation on the site held it that long. Nothing was started; the caller may try again shortly (the API answers
/// 503 with <c>Retry-After</c>).
/// </summary>
public sealed class SiteOperationGateTimeoutException : TimeoutException
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="siteId">The site.</param>
    /// <param name="waited">How long the caller waited.</param>
    /// <param name="inner">The store's own error.</param>
    public SiteOperationGateTimeoutException(Guid siteId, TimeSpan waited, Exception? inner = null)
        : base($"Another start of an operation on site {siteId} held the site's lock for over {waited.TotalSeconds:0.###} s.", inner)
    {
        this.SiteId = siteId;
        this.Waited = waited;
    }

    /// <summary>Initializes a new instance.</summary>
    public SiteOperationGateTimeoutException()
        : this(Guid.Empty, TimeSpan.Zero)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    public SiteOperationGateTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="inner">The cause.</param>
    public SiteOperationGateTimeoutException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Gets the site.</summary>
    public Guid SiteId { get; }

    /// <summary>Gets how long the caller waited for the gate.</summary>
    public TimeSpan Waited { get; }
}
