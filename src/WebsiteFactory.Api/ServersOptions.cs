namespace WebsiteFactory.Api;

/// <summary>Policy for server records (configuration section <c>Servers</c>), the same on both hosts.</summary>
public sealed class ServersOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Servers";

    /// <summary>
    /// Whether a server record may log in as <c>root</c> (<c>Servers:AllowRootSsh</c>). Default: false — a leaked key
    /// for root owns the whole host, so records name a user that runs <c>clpctl</c> through <c>sudo</c> unless the
    /// operator opts in.
    /// </summary>
    public bool AllowRootSsh { get; set; }
}
