namespace WebsiteFactory.Core.Preflight;

/// <summary>
/// One kind of pre-flight check (a token, a key, a server's host key, ...). It lists one probe per account or server it
/// applies to; the runner runs every probe of every check concurrently, each under its own timeout.
/// </summary>
/// <remarks>Probes make read-only calls only: pre-flight must never change anything at a vendor.</remarks>
public interface IPreflightCheck
{
    /// <summary>The probes to run now (none when nothing of this kind is configured).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The probes.</returns>
    Task<IReadOnlyList<PreflightProbe>> ProbesAsync(CancellationToken cancellationToken);
}
