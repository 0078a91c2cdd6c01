namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>Where and as whom a <see cref="LoopbackSshServer"/> runs.</summary>
public sealed class LoopbackSshServerOptions
{
    /// <summary>
    /// Working directory (config, keys, log, <c>bin</c>, the login user's home). Null: a fresh directory under the system temp
    /// directory, deleted on dispose. A given directory is kept, and its host and client keys are reused on the next start,
    /// so a pinned fingerprint stays valid across runs.
    /// </summary>
    public string? RootDirectory { get; set; }

    /// <summary>
    /// The login user. As root: null creates a throw-away user (removed on dispose); a name creates that user once (a system
    /// account with no password) and keeps it. Not as root: sshd can only log in the user it runs as, so this must be null or
    /// the current user.
    /// </summary>
    public string? UserName { get; set; }
}
