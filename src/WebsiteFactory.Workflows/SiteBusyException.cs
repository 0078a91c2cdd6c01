namespace WebsiteFactory.Workflows;

/// <summary>
/// A site operation refused to run because another mutating operation of the same site was active (one operation per
/// site). Nothing was done to the site; the message names the other operation.
/// </summary>
public sealed class SiteBusyException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">Why, naming the other operation.</param>
    public SiteBusyException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    public SiteBusyException()
        : this("Another operation of the site is running.")
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">Why.</param>
    /// <param name="inner">The cause.</param>
    public SiteBusyException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
