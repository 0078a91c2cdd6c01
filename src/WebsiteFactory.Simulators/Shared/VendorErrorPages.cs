using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WebsiteFactory.Simulators.Shared;

/// <summary>
/// Gives the answers no simulator handler wrote (routing's 404 for an unknown path, its 405 for a method the path does not
/// offer, body-binding 400/415) the error body of the vendor whose path prefix the request used; paths outside every
/// vendor get RFC 9457 problem details. Nothing leaves the simulators with an empty error body.
/// </summary>
internal static class VendorErrorPages
{
    public static void UseVendorErrorPages(this IApplicationBuilder app, IReadOnlyList<(PathString Prefix, Func<HttpContext, int, IResult> Answer)> vendors) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var answer = vendors.FirstOrDefault(v => http.Request.Path.StartsWithSegments(v.Prefix)).Answer;
            var result = answer is null ? Results.Problem(statusCode: status) : answer(http, status);
            await result.ExecuteAsync(http).ConfigureAwait(false);
        });
}
