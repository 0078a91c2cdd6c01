namespace WebsiteFactory.Server.Api;

/// <summary>Maps every <c>/api</c> route group.</summary>
public static class ApiEndpoints
{
    /// <summary>Maps sites, accounts, servers, analytics, provisioning and monitoring routes.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The route builder.</returns>
    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapSitesEndpoints();
        app.MapAccountsEndpoints();
        app.MapServersEndpoints();
        app.MapAnalyticsEndpoints();
        app.MapProvisioningEndpoints();
        app.MapMonitoringEndpoints();
        app.MapProvisioningStatusEndpoints();
        return app;
    }
}
