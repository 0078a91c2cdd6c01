using WebsiteFactory.Data;
using WebsiteFactory.Engine;

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
        // Database (ConnectionStrings:WebsiteFactory, or the self-started local cluster), migrations, repositories, secrets.
        services.AddWebsiteFactoryData(config);

        // The embedded durable engine and its IWorkflowClient (section Engine).
        services.AddWorkflowEngine(o => config.GetSection(EngineOptions.SectionName).Bind(o));
        return services;
    }
}
