using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Problems;

namespace WebsiteFactory.Server.Hosting;

/// <summary>Rate limiting policies: <see cref="Auth"/> (sign-in, per client IP) and <see cref="Write"/> (per caller).</summary>
public static class RateLimits
{
    /// <summary>The policy on sign-in routes.</summary>
    public const string Auth = "auth";

    /// <summary>The policy on write routes.</summary>
    public const string Write = "write";

    /// <summary>Registers the policies; rejections are 429 problem+json with <c>Retry-After</c>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddWebsiteFactoryRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Auth, ctx =>
            {
                var limit = ctx.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.AuthPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    "ip:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            o.AddPolicy(Write, ctx =>
            {
                var limit = ctx.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.WritePermitsPerMinute;
                var caller = ctx.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "ip:" + ctx.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(
                    caller,
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit,
                        TokensPerPeriod = Math.Max(1, limit / 6),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                        QueueLimit = 0,
                    });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
                ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: ProblemTypes.TooManyRequests, detail: "Rate limit reached; retry after the time in the Retry-After header.")
                    .ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }
}
