using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace WebsiteFactory.Server.Tests.Infrastructure;

/// <summary>
/// Lets a test choose the client IP the server sees (TestServer has none): the header <see cref="HeaderName"/> sets
/// <c>Connection.RemoteIpAddress</c> before any of the server's middleware (rate limits included) runs.
/// </summary>
public sealed class TestClientIp : IStartupFilter
{
    /// <summary>The header carrying the IP.</summary>
    public const string HeaderName = "X-Test-Client-IP";

    /// <inheritdoc/>
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((ctx, nextMiddleware) =>
        {
            if (IPAddress.TryParse(ctx.Request.Headers[HeaderName].ToString(), out var ip))
            {
                ctx.Connection.RemoteIpAddress = ip;
            }

            return nextMiddleware(ctx);
        });
        next(app);
    };
}
