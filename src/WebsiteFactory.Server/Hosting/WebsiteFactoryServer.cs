using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using WebsiteFactory.Data.LocalPostgres;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WebsiteFactory.Api;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Providers;
using WebsiteFactory.Server.Api;
using WebsiteFactory.Server.Auth;
using WebsiteFactory.Server.Management;
using WebsiteFactory.Server.Problems;

namespace WebsiteFactory.Server.Hosting;

/// <summary>Composes the Website Factory server: services (<see cref="AddWebsiteFactoryServer(WebApplicationBuilder)"/>) and the request pipeline (<see cref="MapWebsiteFactoryServer"/>).</summary>
public static partial class WebsiteFactoryServer
{
    /// <summary>The connection string name (<c>ConnectionStrings:WebsiteFactory</c>).</summary>
    public const string ConnectionStringName = "WebsiteFactory";

    /// <summary>
    /// Adds every service of the server and sets the default listen URL (<see cref="ServerOptions.DefaultUrl"/>) unless
    /// URLs are configured. Without <c>ConnectionStrings:WebsiteFactory</c> the data layer starts the private local
    /// PostgreSQL cluster (section <c>LocalPostgres</c>) and stops it with the host if this process started it.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The builder.</returns>
    public static WebApplicationBuilder AddWebsiteFactoryServer(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (string.IsNullOrEmpty(config[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(config["Kestrel:Endpoints:Http:Url"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }

        builder.Services.AddWebsiteFactoryServer(config);
        return builder;
    }

    /// <summary>Adds the server's services (the database connection string must be configured).</summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebsiteFactoryServer(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<ServerOptions>().Bind(config.GetSection(ServerOptions.SectionName))
            .Validate(o => o.AuthPermitsPerMinute > 0 && o.WritePermitsPerMinute > 0, "Server rate limits must be positive.")
            .ValidateOnStart();

        // The /api handlers (WebsiteFactory.Api): JSON conventions, problem details, API keys, scope policies; their
        // options (Server:TaskHub, Server:MaxImportBytes, Server:MaxImportRows) live in the same section.
        services.AddWebsiteFactoryApi().Bind(config.GetSection(ServerOptions.SectionName));
        // The system clock unless the host registered another one first (the fleet benchmark runs the whole stack on an
        // accelerated clock shared with the simulators).
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServerConsole>();

        services.AddWebsiteFactoryBackend(config);

        services.AddWebsiteFactoryAuth(config);
        services.AddWebsiteFactoryRateLimits();
        services.AddHostedService<AdminBootstrapService>();
        services.AddVendorMetrics();
        services.AddHostedService<WebsiteFactory.Providers.Shared.Metrics.RateBudgetSampler>();
        Schedules.ScheduleRegistration.AddWebsiteFactorySchedules(services, config);

        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<WebsiteFactory.Engine.EngineHealthCheck>("engine", tags: ["ready"]);

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("website-factory-server"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource("WebsiteFactory.*"))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter("Npgsql").AddMeter("WebsiteFactory.*"));
        if (!string.IsNullOrEmpty(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>Builds the request pipeline and maps every route.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    /// <exception cref="LocalPostgresSetupException">The local cluster's directory is out of the PostgreSQL server user's reach (checked here, before the host starts, so the host prints one sentence instead of an initdb failure).</exception>
    public static WebApplication MapWebsiteFactoryServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (string.IsNullOrWhiteSpace(app.Configuration.GetConnectionString(ConnectionStringName)))
        {
            LocalPostgresCluster.CheckServerUserAccess(app.Services.GetRequiredService<IOptions<LocalPostgresOptions>>().Value);
        }

        app.UseExceptionHandler();

        // Error statuses without a body become problem+json on every path (401/403 from auth, including /openapi/v1.json,
        // 400 from binding, 405, 415), except the management API's deliberate empty 404s (see DurableTaskEndpoints.EmptyNotFound).
        app.UseStatusCodePages();

        var dashboard = DashboardFiles(app);
        if (dashboard is not null)
        {
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = dashboard });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = dashboard });
        }

        app.UseAuthentication();
        app.UseMiddleware<CookieWriteGuard>();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthJson.WriteAsync }).AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(AuthPolicies.Read);

        app.MapAuthEndpoints();
        app.MapApiEndpoints();
        app.MapDurableTaskEndpoints();

        app.MapApiFallback();
        if (dashboard is not null)
        {
            app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = dashboard }).AllowAnonymous();
        }
        else
        {
            app.MapFallback(() => Results.Content(
                "<!doctype html><title>Website Factory</title><p>The dashboard is not built. Run <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code> (or <code>./build.sh setup</code>). The API is at <code>/api</code>.</p>",
                "text/html")).AllowAnonymous();
        }

        return app;
    }

    /// <summary>The directory the server serves the dashboard from, or null when no build exists (it then serves a notice).</summary>
    /// <param name="app">The application.</param>
    /// <returns>The dashboard build's directory, or null.</returns>
    public static string? DashboardDirectory(WebApplication app)
    {
        using var files = DashboardFiles(app);
        return files?.Root;
    }

    /// <summary>Finds the built dashboard: <c>Server:DashboardPath</c>, else <c>wwwroot/index.html</c> next to the app, else <c>web/dist</c> above the app or the working directory.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The file provider, or null when no build exists.</returns>
    internal static PhysicalFileProvider? DashboardFiles(WebApplication app)
    {
        var configured = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.DashboardPath;
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(Path.Combine(configured, "index.html")) ? new PhysicalFileProvider(Path.GetFullPath(configured)) : null;
        }

        foreach (var root in new[] { app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") })
        {
            if (!string.IsNullOrEmpty(root) && File.Exists(Path.Combine(root, "index.html")))
            {
                return new PhysicalFileProvider(root);
            }
        }

        // The repository's build output: above the app (bin/ inside the repo) or under the working directory (./build.sh).
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var dist = Path.Combine(dir.FullName, "web", "dist");
                if (File.Exists(Path.Combine(dist, "index.html")))
                {
                    return new PhysicalFileProvider(dist);
                }
            }
        }

        return null;
    }
}
