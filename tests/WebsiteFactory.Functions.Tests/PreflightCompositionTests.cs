using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Preflight;
using WebsiteFactory.Workflows.Preflight;

namespace WebsiteFactory.Functions.Tests;

/// <summary>The pre-flight runner behind <c>POST /api/preflight</c> resolves in both hosts' containers.</summary>
public sealed class PreflightCompositionTests(ApiHosts hosts) : IClassFixture<ApiHosts>
{
    [Fact]
    public void Runner_FunctionsWorker_ResolvesWithEveryCheck()
    {
        Assert.NotNull(hosts.Worker.Services.GetRequiredService<PreflightRunner>());

        Assert.Equal(
            [
                "CloudflareTokenCheck", "CloudflareZoneQuotaCheck", "DirectusTokenCheck", "GoogleCredentialsCheck", "MatomoTokenCheck",
                "ModelApiKeyCheck", "NamecheapAccessCheck", "SecretAgeCheck", "ServerDiskCheck", "ServerSshCheck", "SpaceshipKeyCheck",
            ],
            Names(hosts.Worker.Services));
    }

    [Fact]
    public void Runner_LocalServerWithoutWorkflows_ResolvesWithTheSecretAgeCheck()
    {
        // The fixture's server runs with Server:RegisterWorkflows=false, i.e. without vendor adapters: only the
        // secret-age check applies (the embedded host with workflows registers the same checks as the worker).
        using var scope = hosts.Services.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<PreflightRunner>());
        Assert.Equal(["SecretAgeCheck"], Names(scope.ServiceProvider));
    }

    private static List<string> Names(IServiceProvider services) =>
        [.. services.GetServices<IPreflightCheck>().Select(c => c.GetType().Name).Order(StringComparer.Ordinal)];
}
