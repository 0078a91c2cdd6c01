namespace WebsiteFactory.Engine;

/// <summary>
/// A serialized payload (input, output, event or custom status) exceeds the configured size limit (1 MB by default).
/// Pass large artifacts by reference (a blob or database key) instead.
/// </summary>
public sealed class PayloadTooLargeException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="PayloadTooLargeException"/> class.</summary>
    /// <param name="what">Which payload, e.g. "the input of activity 'RenderSite'".</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="limit">The limit in bytes.</param>
    public PayloadTooLargeException(string what, long size, long limit)
        : base($"The payload of {what} is {size:N0} bytes, above the {limit:N0}-byte limit. Pass large data by reference (e.g. a storage key) instead.")
    {
        this.Size = size;
        this.Limit = limit;
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadTooLargeException"/> class.</summary>
    public PayloadTooLargeException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadTooLargeException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PayloadTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PayloadTooLargeException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PayloadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the payload size in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the limit in bytes.</summary>
    public long Limit { get; }
}
