using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using WebsiteFactory.Data;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Providers.Shared.Metrics;

namespace WebsiteFactory.Functions;

/// <summary>The Functions app's whole composition, called by <c>Program.cs</c> and by the tests that start its container.</summary>
public static class FunctionsApplicationComposition
{
    /// <summary>
    /// Adds ASP.NET Core integration (<c>ConfigureFunctionsWebApplication</c>), Application Insights, the data layer, the
    /// vendor and content adapters, and what the orchestrators and activities take from DI
    /// (<see cref="FunctionsServiceCollectionExtensions.AddWebsiteFactoryFunctions"/>), all from
    /// <paramref name="builder"/>'s configuration.
    /// </summary>
    /// <param name="builder">The builder from <c>FunctionsApplication.CreateBuilder</c>.</param>
    /// <returns>The same builder.</returns>
    /// <remarks>
    /// Everything the worker needs goes here, not into <c>Program.cs</c>: <c>tests/WebsiteFactory.Infra.Tests</c> builds a
    /// host through this method, without the Functions host, and resolves every function class and activity from it.
    /// </remarks>
    public static FunctionsApplicationBuilder ConfigureWebsiteFactory(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureFunctionsWebApplication();

        builder.Services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();

        builder.Services
            .AddWebsiteFactoryData(builder.Configuration)
            .AddVendorProviders(builder.Configuration)
            .AddContentProviders(builder.Configuration)
            .AddWebsiteFactoryFunctions(builder.Configuration);
        builder.Services.AddHostedService<RateBudgetSampler>();
        AddMetricsExport(builder.Services, builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        return builder;
    }

    /// <summary>
    /// The product's meters (<c>WebsiteFactory.*</c>: vendor operations, rate budgets, orphans, engine) go to Application
    /// Insights through the Azure Monitor OpenTelemetry exporter when a connection string is set — the Application Insights
    /// worker SDK does not collect <c>System.Diagnostics.Metrics</c> instruments by itself.
    /// </summary>
    private static void AddMetricsExport(IServiceCollection services, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("website-factory-functions"))
            .WithMetrics(m => m.AddMeter("WebsiteFactory.*").AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString));
    }
}
