using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api;
using WebsiteFactory.Data;
using WebsiteFactory.Engine;
using WebsiteFactory.Providers;
using WebsiteFactory.Providers.Content;
using WebsiteFactory.Workflows;
using WebsiteFactory.Workflows.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Hosting;

/// <summary>Registers what the HTTP surface sits on: data layer, embedded engine, workflows and vendor adapters.</summary>
public static class BackendRegistration
{
    /// <summary>Adds the backend.</summary>
    /// <param name="services">The services.</param>
    /// <param name="config">The configuration.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebsiteFactoryBackend(this IServiceCollection services, IConfiguration config)
    {
        // Database (ConnectionStrings:WebsiteFactory, or the self-started local cluster), migrations, repositories, secrets;
        // the cluster, the local secret store and the work folders live under Server:DataDirectory (ServerDataDirectory).
        services.AddWebsiteFactoryData(config);
        services.AddDataDirectoryDefaults(config);

        var registerWorkflows = config.GetSection(ServerOptions.SectionName).GetValue(nameof(ServerOptions.RegisterWorkflows), true);

        // The embedded durable engine (section Engine): the SDK's DurableTaskClient and the worker running the product
        // orchestrations. Payloads are camelCase JSON (WorkflowSerialization), as the dashboard and wf read them.
        // Hosts and tests may add more tasks with services.AddDurableTaskWorker(b => b.AddTasks(...)).
        services.AddWorkflowSerialization();
        services.AddWorkflowEngine(
            r =>
            {
                if (registerWorkflows)
                {
                    r.AddProvisioning().AddContentWorkflows();
                }
            },
            o => config.GetSection(EngineOptions.SectionName).Bind(o));
        services.TryAddSingleton(sp => new OrchestratorCatalog(sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.DurableTask.DurableTaskRegistry>>()));

        // Pipeline timings (delegation polling, step retries, the Matomo background retry) passed in every provisioning
        // input; section Provisioning, validated on start.
        services.AddOptions<ProvisionSettings>().Bind(config.GetSection("Provisioning")).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvisionSettings>, ProvisionSettingsValidator>());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ProvisionSettings>>().Value);

        // Activities that start instances of their own (the Matomo background retry, its nightly reconcile).
        services.TryAddSingleton<IOrchestrationStarter>(sp => new DurableTaskClientStarter(sp.GetRequiredService<DurableTaskClient>()));

        if (registerWorkflows)
        {
            // Vendor adapters (sections Providers:*) the activities of the orchestrations above use.
            services.AddVendorProviders(config);
            services.AddContentProviders(config);
            services.TryAddSingleton<ProvisioningLookups>();
            // Tracker URL for the sites' Matomo snippet (section Content:Workflow, else the Matomo API's base).
            services.TryAddSingleton(_ => ContentWorkflowOptions.From(config["Content:Workflow:MatomoUrl"] ?? config["Providers:Matomo:Url"], ServerDataDirectory.ArtifactsDirectory(config)));
        }

        return services;
    }
}
