namespace WebsiteFactory.Providers.Deploy;

/// <summary>Settings of the rsync deployer (configuration section <c>Content:Deploy</c>).</summary>
public sealed class RsyncDeployOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:Deploy";

    /// <summary>Releases kept per site (the live one included) for instant rollback. Default 5, minimum 2.</summary>
    public int KeepReleases { get; set; } = 5;

    /// <summary>The rsync executable. Default <c>rsync</c>.</summary>
    public string RsyncCommand { get; set; } = "rsync";

    /// <summary>The ssh executable. Default <c>ssh</c>.</summary>
    public string SshCommand { get; set; } = "ssh";

    /// <summary>The ssh-keyscan executable (reads the host key to check it against the pin). Default <c>ssh-keyscan</c>.</summary>
    public string SshKeyscanCommand { get; set; } = "ssh-keyscan";

    /// <summary>SSH connect timeout. Default 15 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest one upload may take. Default 15 minutes.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Parent of the per-deploy SSH session directories (each holds the target's private key and pinned known_hosts for
    /// the length of one deploy, mode 0700). Default: the system temp directory; the server sets
    /// <c>{Server:DataDirectory}/work/ssh</c> so that two instances on one machine keep theirs apart.
    /// </summary>
    public string? SessionDirectory { get; set; }
}
