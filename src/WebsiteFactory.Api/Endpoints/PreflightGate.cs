using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// Pre-flight before a batch: <c>POST /api/provision</c> runs every check and refuses to start (409 problem listing the
/// failing checks) when one fails for an account or server the batch's sites use, or for the content services every site
/// uses (<c>model</c>, <c>directus</c>). Warnings never block. <c>skip_preflight: true</c> skips it, admin scope only;
/// <c>Preflight:BeforeBatch=false</c> turns the gate off.
/// </summary>
public static class PreflightGate
{
    /// <summary>The problem <c>type</c> of a batch refused by pre-flight.</summary>
    public const string ProblemType = "https://websitefactory.dev/problems/preflight-failed";

    /// <summary>Targets every site uses, whatever its accounts.</summary>
    private static readonly string[] SharedTargets = ["model", "directus"];

    /// <summary>Runs pre-flight for a batch.</summary>
    /// <param name="c">The request (its user decides whether a skip is allowed).</param>
    /// <param name="skip">The body's <c>skip_preflight</c>.</param>
    /// <param name="sites">The batch's sites.</param>
    /// <returns>Null when the batch may start, else the problem to answer.</returns>
    public static async Task<IResult?> CheckAsync(HttpContext c, bool skip, IReadOnlyList<Site> sites)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(sites);
        if (skip)
        {
            return c.User.HasClaim(AuthPolicies.ScopeClaim, AuthPolicies.Admin)
                ? null
                : ApiProblems.Status(StatusCodes.Status403Forbidden, "Forbidden", "skip_preflight needs the admin scope; run `wf preflight` and fix what fails instead.");
        }

        if (c.RequestServices.GetService<PreflightRunner>() is not { } runner
            || !c.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PreflightOptions>>().Value.BeforeBatch)
        {
            return null;
        }

        var ct = c.RequestAborted;
        var report = await runner.RunAsync(ct);
        if (!report.HasFailures)
        {
            return null;
        }

        var failing = report.FailuresFor(await TargetsAsync(c.RequestServices, sites, ct));
        if (failing.Count == 0)
        {
            return null;
        }

        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Pre-flight failed",
            type: ProblemType,
            detail: $"{failing.Count} pre-flight check(s) failed for accounts or servers this batch uses; nothing was started. Fix them (see checks) and try again.",
            extensions: new Dictionary<string, object?>
            {
                ["checks"] = failing.Select(f => new { name = f.Name, target = f.Target, result = "fail", message = f.Message, fix = f.Fix }).ToList(),
            });
    }

    /// <summary>The targets the sites use; a site without an explicit account or server may use any of that kind.</summary>
    private static async Task<HashSet<string>> TargetsAsync(IServiceProvider services, IReadOnlyList<Site> sites, CancellationToken ct)
    {
        var targets = new HashSet<string>(SharedTargets, StringComparer.Ordinal);
        var cloudflare = await services.GetRequiredService<ICloudflareAccountRepository>().ListAsync(ct);
        var registrars = await services.GetRequiredService<IRegistrarAccountRepository>().ListAsync(ct);
        var servers = await services.GetRequiredService<IHostingServerRepository>().ListAsync(ct);
        foreach (var site in sites)
        {
            targets.UnionWith(cloudflare.Where(a => site.CloudflareAccountId is null || a.Id == site.CloudflareAccountId).Select(PreflightTargets.Of));
            targets.UnionWith(registrars.Where(a => site.RegistrarAccountId is null || a.Id == site.RegistrarAccountId).Select(PreflightTargets.Of));
            targets.UnionWith(servers.Where(s => site.ServerId is null || s.Id == site.ServerId).Select(PreflightTargets.Of));
        }

        return targets;
    }
}
