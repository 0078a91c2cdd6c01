namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>Output of <see cref="ReconcileVendors"/> (the full report is stored; this is the summary).</summary>
/// <param name="Orphans">Orphans found.</param>
/// <param name="Ghosts">Ghosts found.</param>
/// <param name="Drifted">Drifted resources found.</param>
/// <param name="Fixed">Marked orphan records deleted by the fix.</param>
/// <param name="Errors">Scans that could not be read.</param>
public sealed record ReconcileResult(int Orphans, int Ghosts, int Drifted, int Fixed, IReadOnlyList<string> Errors);
