namespace WebsiteFactory.Core.Preflight;

/// <summary>Pre-flight settings (section <c>Preflight</c>).</summary>
public sealed class PreflightOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Preflight";

    /// <summary>Whether <c>POST /api/provision</c> runs pre-flight first and refuses to start when a check fails for what the batch uses. Default true.</summary>
    public bool BeforeBatch { get; set; } = true;

    /// <summary>How long one check may take before it counts as failed. Default 15 seconds.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Secrets last written longer ago than this get a rotation warning. Default 90 days.</summary>
    public TimeSpan SecretMaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Disk use (percent) from which a server gets a warning. Default 80.</summary>
    public int DiskWarnPercent { get; set; } = 80;

    /// <summary>Disk use (percent) from which a server fails pre-flight. Default 95.</summary>
    public int DiskFailPercent { get; set; } = 95;

    /// <summary>The directory whose file system is measured (where CloudPanel keeps the sites). Default <c>/home</c>.</summary>
    public string DiskPath { get; set; } = "/home";

    /// <summary>The <c>df</c> program run over SSH as <c>{DfCommand} -P {DiskPath}</c>. Default <c>df</c>; tests point it at a stand-in.</summary>
    public string DfCommand { get; set; } = "df";

    /// <summary>The problem with these settings, or null when they are usable.</summary>
    /// <returns>A message or null.</returns>
    public string? Validate() =>
        CheckTimeout <= TimeSpan.Zero ? "Preflight:CheckTimeout must be positive."
        : SecretMaxAge <= TimeSpan.Zero ? "Preflight:SecretMaxAge must be positive."
        : DiskWarnPercent is < 1 or > 100 || DiskFailPercent is < 1 or > 100 || DiskWarnPercent > DiskFailPercent ? "Preflight:DiskWarnPercent and DiskFailPercent must be 1-100, warn <= fail."
        : !IsSafePath(DiskPath) || !IsSafePath(DfCommand) ? "Preflight:DiskPath and DfCommand must be plain paths (letters, digits, '/', '.', '_', '-')."
        : null;

    private static bool IsSafePath(string? s) =>
        !string.IsNullOrEmpty(s) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-');
}
