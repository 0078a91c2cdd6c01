using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>
/// <c>/api/servers/{id}/…</c>: the server console. Status, disk, certificates and site logs are read over SSH with fixed
/// commands; actions are an allow-list (<see cref="ServerActions"/>) and audited with who ran them. Admin scope only: a log
/// line can carry visitors' addresses and query strings, and an action changes a live server.
/// </summary>
public static partial class ServerConsoleApi
{
    /// <summary>One service.</summary>
    /// <param name="Name">Unit name.</param>
    /// <param name="ActiveState">systemd's active state.</param>
    /// <param name="SubState">systemd's sub-state.</param>
    /// <param name="Installed">False when the unit does not exist.</param>
    /// <param name="Running">Installed and active.</param>
    public sealed record ServiceDto(string Name, string ActiveState, string SubState, bool Installed, bool Running);

    /// <summary>The status response.</summary>
    /// <param name="Server">The server's name.</param>
    /// <param name="Services">The configured services.</param>
    /// <param name="Load">Load averages over 1, 5 and 15 minutes.</param>
    /// <param name="MemoryTotalBytes">Total memory.</param>
    /// <param name="MemoryAvailableBytes">Available memory.</param>
    /// <param name="UptimeSeconds">Seconds since boot.</param>
    /// <param name="CheckedAt">When it was read.</param>
    public sealed record StatusDto(string Server, IReadOnlyList<ServiceDto> Services, IReadOnlyList<double> Load, long MemoryTotalBytes, long MemoryAvailableBytes, long UptimeSeconds, DateTimeOffset CheckedAt);

    /// <summary>One file system.</summary>
    /// <param name="Mount">Mount point.</param>
    /// <param name="SizeBytes">Size.</param>
    /// <param name="UsedBytes">Used.</param>
    /// <param name="AvailableBytes">Available.</param>
    /// <param name="UsedPercent">Used share, as df rounds it.</param>
    public sealed record DiskDto(string Mount, long SizeBytes, long UsedBytes, long AvailableBytes, int UsedPercent);

    /// <summary>One certificate.</summary>
    /// <param name="Domain">The domain.</param>
    /// <param name="SiteId">Our site of that domain on this server, or null.</param>
    /// <param name="NotAfter">End of validity, or null when unreadable or missing.</param>
    /// <param name="DaysLeft">Whole days left.</param>
    /// <param name="Issuer">The issuer.</param>
    /// <param name="Problem">Why there is no date (unreadable, missing), else null.</param>
    /// <param name="Warning">Fewer than <see cref="CertificateExpiry.WarningDays"/> days left, expired, unreadable or missing.</param>
    public sealed record CertificateDto(string Domain, Guid? SiteId, DateTimeOffset? NotAfter, int? DaysLeft, string? Issuer, string? Problem, bool Warning);

    /// <summary>The certificates response.</summary>
    /// <param name="WarningDays">The warning threshold in days.</param>
    /// <param name="Certificates">Every certificate on the server, and every site of ours on it that has none.</param>
    public sealed record CertificatesDto(int WarningDays, IReadOnlyList<CertificateDto> Certificates);

    /// <summary>The log response.</summary>
    /// <param name="Site">The site.</param>
    /// <param name="Kind">access or error.</param>
    /// <param name="Path">The log file on the server.</param>
    /// <param name="Found">False when the file does not exist yet.</param>
    /// <param name="Filter">The filter applied, or null.</param>
    /// <param name="Lines">The lines, oldest first.</param>
    public sealed record LogDto(string Site, string Kind, string Path, bool Found, string? Filter, IReadOnlyList<string> Lines);

    /// <summary><c>GET /api/servers/{id}/status</c>: services, load, memory.</summary>
    [ApiRoute("GET", "/api/servers/{id:guid}/status", ApiScope.Admin)]
    public static Task<IResult> StatusAsync(Guid id, HttpContext c) => WithServerAsync(c, id, async (console, server, ct) =>
    {
        var h = await console.GetHealthAsync(server, ct);
        return TypedResults.Ok(new StatusDto(
            server.Name,
            [.. h.Services.Select(s => new ServiceDto(s.Name, s.ActiveState, s.SubState, s.Installed, s.Running))],
            [h.Load1, h.Load5, h.Load15],
            h.MemoryTotalBytes,
            h.MemoryAvailableBytes,
            h.UptimeSeconds,
            Clock(c).GetUtcNow()));
    });

    /// <summary><c>GET /api/servers/{id}/disk</c>: usage per file system.</summary>
    [ApiRoute("GET", "/api/servers/{id:guid}/disk", ApiScope.Admin)]
    public static Task<IResult> DiskAsync(Guid id, HttpContext c) => WithServerAsync(c, id, async (console, server, ct) =>
        TypedResults.Ok((await console.GetDiskUsageAsync(server, ct)).Select(d => new DiskDto(d.Mount, d.SizeBytes, d.UsedBytes, d.AvailableBytes, d.UsedPercent)).ToList()));

    /// <summary><c>GET /api/servers/{id}/certificates</c>: expiry of every certificate on the server, warnings first.</summary>
    [ApiRoute("GET", "/api/servers/{id:guid}/certificates", ApiScope.Admin)]
    public static Task<IResult> CertificatesAsync(Guid id, HttpContext c) => WithServerAsync(c, id, async (console, server, ct) =>
    {
        var sites = await SitesOnAsync(c.RequestServices.GetRequiredService<ISiteRepository>(), server.Id, ct);
        var now = Clock(c).GetUtcNow();
        var list = (await console.GetCertificatesAsync(server, ct))
            .Select(e => new CertificateDto(e.Domain, sites.GetValueOrDefault(e.Domain)?.Id, e.NotAfter, e.DaysLeft(now), e.Issuer, e.Problem, e.NeedsAttention(now)))
            .ToList();
        // A site of ours on this server without a certificate file is the worst case of all: say so.
        list.AddRange(sites.Values
            .Where(s => s.StatusHosting != HostingStatus.Pending && list.TrueForAll(x => x.Domain != s.Domain.Value))
            .Select(s => new CertificateDto(s.Domain.Value, s.Id, null, null, null, "No certificate file on the server.", true)));
        return TypedResults.Ok(new CertificatesDto(
            CertificateExpiry.WarningDays,
            [.. list.OrderByDescending(x => x.Warning).ThenBy(x => x.DaysLeft ?? int.MinValue).ThenBy(x => x.Domain, StringComparer.Ordinal)]));
    });

    /// <summary>
    /// <c>GET /api/servers/{id}/logs?site=&amp;kind=access|error&amp;lines=&amp;filter=</c>: the last lines of one of our sites'
    /// nginx logs (100 by default, at most 1000), only those containing <c>filter</c> when given (case-insensitive, literal).
    /// </summary>
    [ApiRoute("GET", "/api/servers/{id:guid}/logs", ApiScope.Admin)]
    public static async Task<IResult> LogsAsync(Guid id, HttpContext c)
    {
        var q = c.Request.Query;
        var errors = new List<FieldError>();
        if (!DomainName.TryParse(q["site"].ToString(), out var domain, out var domainError))
        {
            errors.Add(new FieldError("site", domainError ?? "A site's domain is required."));
        }

        var kindText = q["kind"].ToString();
        var kind = kindText switch { "" or "access" => SiteLogKind.Access, "error" => SiteLogKind.Error, _ => (SiteLogKind?)null };
        if (kind is null)
        {
            errors.Add(new FieldError("kind", "Kind must be access or error."));
        }

        var lines = 100;
        if (q.ContainsKey("lines") && !int.TryParse(q["lines"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out lines))
        {
            errors.Add(new FieldError("lines", $"Lines must be a whole number between 1 and {SiteLogQuery.MaxLines}."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        return await WithServerAsync(c, id, async (console, server, ct) =>
        {
            var site = await c.RequestServices.GetRequiredService<ISiteRepository>().GetByDomainAsync(domain!, ct);
            if (site is null || site.ServerId != server.Id)
            {
                return ApiProblems.NotFound($"No site {domain} is hosted on server '{server.Name}'.");
            }

            if (!SiteUser.TryParse(site.SiteUser, out var siteUser))
            {
                return ApiProblems.Status(StatusCodes.Status409Conflict, "No hosting site yet", $"{domain} has no CloudPanel site user yet (its hosting step has not run).");
            }

            var query = SiteLogQuery.TryCreate(siteUser, kind!.Value, lines, q["filter"].ToString(), out var queryErrors);
            if (query is null)
            {
                return ApiProblems.Validation(queryErrors);
            }

            var tail = await console.TailLogAsync(server, query, ct);
            return TypedResults.Ok(new LogDto(domain!.Value, kind.Value == SiteLogKind.Error ? "error" : "access", tail.Path, tail.Found, query.Filter, tail.Lines));
        });
    }

    /// <summary>Resolves the console and the server, runs the work, and turns an SSH failure into a 502 problem.</summary>
    private static async Task<IResult> WithServerAsync(HttpContext c, Guid id, Func<IServerConsole, HostingServer, CancellationToken, Task<IResult>> work)
    {
        if (c.RequestServices.GetService<IServerConsole>() is not { } console)
        {
            return ApiProblems.Status(StatusCodes.Status501NotImplemented, "Server console not available", "This host has no CloudPanel adapter (vendor providers are not registered).");
        }

        if (await c.RequestServices.GetRequiredService<IHostingServerRepository>().GetAsync(id, c.RequestAborted) is not { } server)
        {
            return ApiProblems.NotFound($"No server has id '{id}'.");
        }

        try
        {
            return await work(console, server, c.RequestAborted);
        }
        catch (ProviderException e)
        {
            return ApiProblems.Status(StatusCodes.Status502BadGateway, "Server did not answer", SecretRedactor.Redact(e.Message));
        }
    }

    private static TimeProvider Clock(HttpContext c) => c.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;

    private static async Task<Dictionary<string, Site>> SitesOnAsync(ISiteRepository repo, Guid serverId, CancellationToken ct)
    {
        var sites = new Dictionary<string, Site>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += SiteQuery.MaxLimit)
        {
            var page = await repo.ListAsync(new SiteQuery { ServerId = serverId, Offset = offset, Limit = SiteQuery.MaxLimit }, ct);
            foreach (var s in page.Items.Where(s => s.Lifecycle is not SiteLifecycle.Deleted))
            {
                sites[s.Domain.Value] = s;
            }

            if (!page.HasMore)
            {
                return sites;
            }
        }
    }
}
