using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using WebsiteFactory.Functions;

// Composition only (FunctionsApplicationComposition.ConfigureWebsiteFactory, which the Infra tests also call).
// Settings: local.settings.sample.json.
FunctionsApplication.CreateBuilder(args)
    .ConfigureWebsiteFactory()
    .Build()
    .Run();
