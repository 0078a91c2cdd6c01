using System.Diagnostics;
using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Data;
using WebsiteFactory.Data.LocalPostgres;
using WebsiteFactory.Data.Migrations;
using WebsiteFactory.Engine;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Simulators;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Simulators.Matomo;
using WebsiteFactory.Simulators.SearchConsole;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Analytics;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Bench.Publish;

/// <summary>
/// Phase 3: <see cref="NightlyAnalytics"/> on the embedded engine and a private PostgreSQL cluster, with the real Matomo and
/// Search Console clients against the simulators: one night for S new sites, then a night after a 7-day outage (backfill).
/// Baseline: the same number of <c>daily_analytics</c> upserts done directly with Npgsql on one connection.
/// </summary>
internal sealed class AnalyticsBenchmark(BenchOptions options, SimulatorHost sim, InMemorySecretStore secrets, Report report)
{
    private const string Phase = "3. Nightly analytics";
    private const int OutageDays = 7;

    public async Task RunAsync()
    {
        var s = options.AnalyticsSites;
        var defaults = new NightlyAnalyticsInput();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // Night 1 collects the refetch window of new sites; night 2 comes after a 7-day outage and backfills from the last figure.
        var night1 = today.AddDays(-OutageDays);
        var night2 = today;
        var days1 = defaults.RefetchDays;
        var days2 = OutageDays;
        var expectedRows = (long)s * (days1 + days2);
        Console.WriteLine();
        Console.WriteLine($"{Phase}: {s} sites (Matomo + verified Search Console, one Google user), night {night1:yyyy-MM-dd} ({days1} new days each), then night {night2:yyyy-MM-dd} after a {OutageDays}-day outage ({days2} days each); MaxParallel {defaults.MaxParallel}");

        var pg = new LocalPostgresOptions
        {
            Directory = Path.Combine(Path.GetTempPath(), $"wf-bench-publish-pg-{Environment.ProcessId}"),
            Database = "bench",
            Port = 57000 + (Environment.ProcessId % 1000),
        };
        pg.ServerSettings["max_connections"] = "200";
        pg.ServerSettings["synchronous_commit"] = "on";
        pg.ServerSettings["fsync"] = "on";
        var cluster = await LocalPostgresCluster.StartAsync(pg);
        try
        {
            await RunOnClusterAsync(cluster.ConnectionString, night1, night2, days1, days2, expectedRows);
        }
        finally
        {
            await cluster.StopAsync();
            Exec.TryDelete(cluster.RootDirectory);
        }
    }

    private async Task RunOnClusterAsync(string connectionString, DateOnly night1, DateOnly night2, int days1, int days2, long expectedRows)
    {
        var s = options.AnalyticsSites;
        var counter = new VendorCallCounter();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(sim.ClientSettings)
        {
            ["ConnectionStrings:WebsiteFactory"] = connectionString,
        }).Build();
        await secrets.SetAsync("matomo-token", sim.State.Options.Matomo.TokenAuth);
        await secrets.SetAsync("gsc-client-secret", ContentSimulators.GoogleClientSecret);
        await secrets.SetAsync("gsc-refresh", ContentSimulators.GoogleRefreshToken);

        // Wired like the server (BackendRegistration): data layer, vendor + content adapters, content workflows, engine.
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISecretStore>(secrets);
        services.AddWebsiteFactoryData(config);
        services.AddVendorProviders(config);
        services.AddContentProviders(config);
        services.AddSingleton<ProvisioningLookups>();
        services.AddWorkflowSerialization();
        services.AddWorkflowEngine(r => r.AddContentWorkflows());

        // Registered after the clients' own handlers, so it is the innermost one and counts every attempt.
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new VendorCallCounter.Handler(counter))));
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var engine = provider.GetServices<IHostedService>().OfType<PostgresDurableTaskWorker>().Single();
        await engine.StartAsync(CancellationToken.None);
        try
        {
            var sites = await SeedAsync(provider, connectionString, night1.AddDays(-days1 - 30));
            var client = provider.GetRequiredService<DurableTaskClient>();
            var dataSource = provider.GetRequiredService<NpgsqlDataSource>();

            var r1 = await RunNightAsync(client, dataSource, night1, "night 1");
            var r2 = await RunNightAsync(client, dataSource, night2, "night 2 (backfill)");
            var wall = r1.Seconds + r2.Seconds;
            var siteDays = (long)s * (days1 + days2);

            // Correctness: every site has exactly one row per day, every row has Matomo visits, and sampled figures match the vendors.
            await CheckAsync(dataSource, sites, night1.AddDays(-days1), night2.AddDays(-1), expectedRows, r1.Result, r2.Result, days1, days2);

            var rowsUpserted = r1.Result.RowsWritten + r2.Result.RowsWritten;
            report.Line(Phase, $"night 1: {s} sites × {days1} days, wall time", $"{r1.Seconds:F1} s");
            report.Line(Phase, $"night 2 (after {OutageDays}-day outage): {s} sites × {days2} days, wall time", $"{r2.Seconds:F1} s");
            report.Line(Phase, "both nights: site-days collected/s", $"{siteDays / wall:N0}/s ({siteDays:N0} in {wall:F1} s)");
            report.Line(Phase, "vendor calls: Matomo / Search Console / Google OAuth", $"{counter.Calls("matomo"):N0} / {counter.Calls("search-console"):N0} / {counter.Calls("google-oauth"):N0}");
            report.Line(Phase, "429 answers received (Matomo / Search Console)", $"{counter.Throttled("matomo")} / {counter.Throttled("search-console")}");
            report.Line(Phase, "rows upserted (reported by the runs) / daily_analytics rows", $"{rowsUpserted:N0} / {expectedRows:N0} expected");

            // Baseline in the same database: the same upserts, one statement per row, one transaction per site, one connection.
            var raw = await RawUpsertsAsync(dataSource, sites, night1, days1, days2);
            report.Line(Phase, "raw Npgsql: same upserts, 1 connection, 1 statement/row, 1 tx/site", $"{raw:F1} s → {siteDays / raw:N0} rows/s");
            report.Line(Phase, "ours vs raw PostgreSQL upserts (wall time)", $"{wall:F1} / {raw:F1} s", $"ours/raw {wall / raw:F1}×");
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
        }
    }

    private async Task<List<(Guid Id, string Domain, int MatomoId)>> SeedAsync(IServiceProvider provider, string connectionString, DateOnly created)
    {
        var watch = Stopwatch.StartNew();
        var cf = await provider.GetRequiredService<ICloudflareAccountRepository>().CreateAsync(new CloudflareAccount
        {
            Email = "ops@example.com", AccountNickname = "cf-main", CloudflareAccountId = $"{1:x32}",
            ApiTokenSecretName = SecretName.Parse("cf-token", CultureInfo.InvariantCulture),
        });
        var server = await provider.GetRequiredService<IHostingServerRepository>().CreateAsync(new HostingServer
        {
            Name = "web-1", Address = "203.0.113.10", SshPort = 22, SshUser = "clp",
            SshKeySecretName = SecretName.Parse("ssh-key", CultureInfo.InvariantCulture),
            HostKeyFingerprint = SshHostKeyFingerprint.Parse("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8", CultureInfo.InvariantCulture),
        });
        var gsc = await provider.GetRequiredService<IGscAccountRepository>().CreateAsync(new GscAccount
        {
            Email = ContentSimulators.GoogleUser, AccountNickname = "gsc-main",
            OAuthClientId = ContentSimulators.GoogleClientId,
            OAuthClientSecretName = SecretName.Parse("gsc-client-secret", CultureInfo.InvariantCulture),
            CredentialsSecretName = SecretName.Parse("gsc-refresh", CultureInfo.InvariantCulture),
        });

        var repo = provider.GetRequiredService<ISiteRepository>();
        var sites = new List<(Guid Id, string Domain, int MatomoId)>();
        for (var i = 0; i < options.AnalyticsSites; i++)
        {
            var domain = $"analytics-{i:D5}.example.com";
            var site = await repo.CreateAsync(new NewSite
            {
                Domain = DomainName.Parse(domain, CultureInfo.InvariantCulture),
                CloudflareAccountId = cf.Id,
                ServerId = server.Id,
                GscAccountId = gsc.Id,
                Brand = $"Site {i}",
            });
            var matomoId = sim.State.Matomo.AddSite(domain, created, $"https://{domain}");
            sim.Content.SearchConsole.SeedProperty(ContentSimulators.GoogleUser, "sc-domain:" + domain, created);
            sites.Add((site.Id, domain, matomoId));
        }

        // What provisioning leaves behind: a Matomo site id and a verified Search Console property.
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var cmd = data.CreateCommand(
            """
            UPDATE wf.sites s SET matomo_site_id = u.matomo, gsc_verification_status = 'verified'
              FROM unnest($1::uuid[], $2::int[]) AS u(id, matomo)
             WHERE s.id = u.id
            """);
        cmd.Parameters.AddWithValue(sites.Select(x => x.Id).ToArray());
        cmd.Parameters.AddWithValue(sites.Select(x => x.MatomoId).ToArray());
        await cmd.ExecuteNonQueryAsync();
        Report.Progress($"seeded {sites.Count} sites (PostgreSQL, Matomo and Search Console simulators) in {watch.Elapsed.TotalSeconds:F1} s");
        return sites;
    }

    private static async Task<(NightlyAnalyticsResult Result, double Seconds)> RunNightAsync(DurableTaskClient client, NpgsqlDataSource dataSource, DateOnly runDate, string label)
    {
        var watch = Stopwatch.StartNew();
        var id = await client.ScheduleNewOrchestrationInstanceAsync(NightlyAnalytics.Name, new NightlyAnalyticsInput(runDate), new StartOrchestrationOptions($"bench-nightly-{runDate:yyyyMMdd}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var wait = client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        while (await Task.WhenAny(wait, Task.Delay(TimeSpan.FromSeconds(5), timeout.Token)) != wait)
        {
            await using var count = dataSource.CreateCommand("SELECT count(*) FROM wf.daily_analytics");
            Report.Progress($"{label}: {watch.Elapsed.TotalSeconds:F0} s, daily_analytics rows {(long)(await count.ExecuteScalarAsync())!:N0}");
        }

        var meta = await wait;
        var seconds = watch.Elapsed.TotalSeconds;
        if (meta.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{label} ended {meta.RuntimeStatus}: {meta.FailureDetails?.ErrorMessage}");
        }

        var result = meta.ReadOutputAs<NightlyAnalyticsResult>()!;
        Report.Progress($"{label}: {result.Sites} sites, {result.RowsWritten:N0} rows, {result.Failures.Count} failures, {result.Anomalies.Count} anomalies in {seconds:F1} s");
        return (result, seconds);
    }

    private async Task CheckAsync(NpgsqlDataSource dataSource, List<(Guid Id, string Domain, int MatomoId)> sites, DateOnly first, DateOnly last,
        long expectedRows, NightlyAnalyticsResult r1, NightlyAnalyticsResult r2, int days1, int days2)
    {
        var s = sites.Count;
        foreach (var (r, label) in new[] { (r1, "night 1"), (r2, "night 2") })
        {
            if (r.Sites != s)
            {
                report.Fail($"{label} listed {r.Sites} sites, not {s}");
            }

            if (r.Failures.Count > 0)
            {
                report.Fail($"{label} reported {r.Failures.Count} failures, e.g. {r.Failures[0]}");
            }
        }

        if (r1.RowsWritten != (long)s * days1 || r2.RowsWritten != (long)s * days2)
        {
            report.Fail($"rows written {r1.RowsWritten} + {r2.RowsWritten}, expected {s * days1} + {s * days2}");
        }

        await using var cmd = dataSource.CreateCommand(
            """
            SELECT count(*), count(*) FILTER (WHERE matomo_visits IS NULL), count(DISTINCT site_id), min(date), max(date)
              FROM wf.daily_analytics
            """);
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            var (rows, nullVisits, distinctSites, min, max) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetFieldValue<DateOnly>(3), r.GetFieldValue<DateOnly>(4));
            if (rows != expectedRows || distinctSites != s || min != first || max != last)
            {
                report.Fail($"daily_analytics has {rows} rows for {distinctSites} sites over {min:yyyy-MM-dd}..{max:yyyy-MM-dd}; expected exactly {expectedRows} = {s} × {days1 + days2} days over {first:yyyy-MM-dd}..{last:yyyy-MM-dd}");
            }

            if (nullVisits != 0)
            {
                report.Fail($"{nullVisits} daily_analytics rows have no Matomo visits");
            }
        }

        // Sampled figures equal what the vendors report (Matomo every day; Search Console on days Google has final data).
        var gscLastFinal = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-new SearchConsoleSimulatorOptions().DataDelayDays - 1);
        await using var sample = dataSource.CreateCommand("SELECT date, matomo_visits, gsc_clicks, gsc_impressions FROM wf.daily_analytics WHERE site_id = $1");
        foreach (var (id, domain, matomoId) in sites.Where((_, i) => i % Math.Max(1, s / 20) == 0))
        {
            sample.Parameters.Clear();
            sample.Parameters.AddWithValue(id);
            await using var r = await sample.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                var date = r.GetFieldValue<DateOnly>(0);
                var visits = r.GetInt32(1);
                if (visits != MatomoState.SimulatedVisits(matomoId, date, sim.State.Options.Matomo.MaxDailyVisits))
                {
                    report.Fail($"{domain} {date:yyyy-MM-dd}: visits {visits} differ from Matomo's");
                }

                if (date <= gscLastFinal)
                {
                    var (clicks, impressions) = SearchConsoleSimulator.FiguresFor("sc-domain:" + domain, date);
                    if (r.IsDBNull(2) || r.GetInt32(2) != clicks || r.GetInt32(3) != impressions)
                    {
                        report.Fail($"{domain} {date:yyyy-MM-dd}: clicks/impressions differ from Search Console's");
                    }
                }
            }
        }
    }

    private async Task<double> RawUpsertsAsync(NpgsqlDataSource dataSource, List<(Guid Id, string Domain, int MatomoId)> sites, DateOnly night1, int days1, int days2)
    {
        await using (var create = dataSource.CreateCommand("DROP TABLE IF EXISTS public.raw_daily_analytics; CREATE TABLE public.raw_daily_analytics (LIKE wf.daily_analytics INCLUDING ALL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var upsert = new NpgsqlCommand(
            """
            INSERT INTO public.raw_daily_analytics AS d (date, site_id, matomo_visits, gsc_clicks, gsc_impressions)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (date, site_id) DO UPDATE SET
                matomo_visits = COALESCE(EXCLUDED.matomo_visits, d.matomo_visits),
                gsc_clicks = COALESCE(EXCLUDED.gsc_clicks, d.gsc_clicks),
                gsc_impressions = COALESCE(EXCLUDED.gsc_impressions, d.gsc_impressions),
                updated_at = now()
            """, connection);
        var pDate = new NpgsqlParameter<DateOnly> { NpgsqlDbType = NpgsqlDbType.Date };
        var pSite = new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid };
        var pVisits = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
        var pClicks = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
        var pImpressions = new NpgsqlParameter<int> { NpgsqlDbType = NpgsqlDbType.Integer };
        foreach (var p in new NpgsqlParameter[] { pDate, pSite, pVisits, pClicks, pImpressions })
        {
            upsert.Parameters.Add(p);
        }

        await upsert.PrepareAsync();

        var watch = Stopwatch.StartNew();
        foreach (var (from, days) in new[] { (night1.AddDays(-days1), days1), (night1, days2) })
        {
            foreach (var (id, _, matomoId) in sites)
            {
                await using var tx = await connection.BeginTransactionAsync();
                for (var d = 0; d < days; d++)
                {
                    pDate.TypedValue = from.AddDays(d);
                    pSite.TypedValue = id;
                    pVisits.TypedValue = matomoId + d;
                    pClicks.TypedValue = d;
                    pImpressions.TypedValue = 10 * d;
                    await upsert.ExecuteNonQueryAsync();
                }

                await tx.CommitAsync();
            }
        }

        var seconds = watch.Elapsed.TotalSeconds;
        await using var count = new NpgsqlCommand("SELECT count(*) FROM public.raw_daily_analytics", connection);
        var rows = (long)(await count.ExecuteScalarAsync())!;
        if (rows != (long)sites.Count * (days1 + days2))
        {
            report.Fail($"raw baseline wrote {rows} rows, expected {sites.Count * (days1 + days2)}");
        }

        return seconds;
    }
}
