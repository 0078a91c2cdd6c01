using WebsiteFactory.Core.Errors;

namespace WebsiteFactory.Core.Ports.Content;

/// <summary>
/// The model gave no usable page after its attempts (invalid, truncated or refused output). Carries what those attempts
/// cost, so the site's token total includes spending that produced nothing.
/// </summary>
public sealed class ContentGenerationException : ProviderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The generator's provider name.</param>
    /// <param name="message">What went wrong (no secrets).</param>
    /// <param name="spentTokens">Tokens the failed attempts used.</param>
    /// <param name="vendorCode">A machine-readable reason, e.g. <c>invalid_output</c>.</param>
    public ContentGenerationException(string provider, string message, TokenUsage spentTokens, string? vendorCode = null)
        : base(provider, ProviderErrorKind.Permanent, message, vendorCode: vendorCode)
    {
        SpentTokens = spentTokens;
    }

    /// <summary>Tokens the failed attempts used.</summary>
    public TokenUsage SpentTokens { get; }
}
