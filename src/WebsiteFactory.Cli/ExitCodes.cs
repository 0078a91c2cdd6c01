namespace WebsiteFactory.Cli;

/// <summary>Process exit codes of <c>wf</c>.</summary>
public static class ExitCodes
{
    /// <summary>Everything worked.</summary>
    public const int Ok = 0;

    /// <summary>The work failed (a site failed to provision, the server is unreachable, a request was refused).</summary>
    public const int Failed = 1;

    /// <summary>Bad usage: unknown command or option, invalid argument, or input the server rejected as invalid.</summary>
    public const int Usage = 2;
}
