using WebsiteFactory.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebsiteFactoryServer();
var app = builder.Build();
try
{
    app.MapWebsiteFactoryServer();
}
catch (WebsiteFactory.Data.LocalPostgres.LocalPostgresSetupException e)
{
    // An operator's fix, not a bug: one sentence, no stack trace.
    await Console.Error.WriteLineAsync("error: " + e.Message);
    return 1;
}

await app.RunAsync();
return 0;

/// <summary>The entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c> in tests).</summary>
public partial class Program;
