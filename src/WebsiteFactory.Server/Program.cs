using WebsiteFactory.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebsiteFactoryServer();
var app = builder.Build();
app.MapWebsiteFactoryServer();
await app.RunAsync();

/// <summary>The entry point (public for <c>WebApplicationFactory&lt;Program&gt;</c> in tests).</summary>
public partial class Program;
