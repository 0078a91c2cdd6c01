using WebsiteFactory.Core.Drift;

namespace WebsiteFactory.Workflows.Reconcile;

/// <summary>Input of <see cref="Activities.FixOrphanRecordsActivity"/>: the marked orphan records of one Cloudflare account.</summary>
/// <param name="CloudflareAccountId">The account.</param>
/// <param name="Findings">The fixable findings (<see cref="DriftFinding.IsFixable"/>) of that account.</param>
/// <param name="RequestedBy">Who asked for the fix (the audit events' actor).</param>
public sealed record ReconcileFixInput(Guid CloudflareAccountId, IReadOnlyList<DriftFinding> Findings, string RequestedBy);
