using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebsiteFactory.Data;
using WebsiteFactory.Functions;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.Content;

// Composition only: the product's services, the Functions host's adapters, telemetry. Settings: local.settings.sample.json.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddApplicationInsightsTelemetryWorkerService()
    .ConfigureFunctionsApplicationInsights();

builder.Services
    .AddWebsiteFactoryData(builder.Configuration)
    .AddVendorProviders(builder.Configuration)
    .AddContentProviders(builder.Configuration)
    .AddWebsiteFactoryFunctions(builder.Configuration);

builder.Build().Run();
