using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

namespace WebsiteFactory.Simulators.Shared;

/// <summary>
/// Every request the simulators received, as <c>METHOD /path</c> followed by the vendor operation when the request names
/// it in a parameter (Namecheap's <c>Command</c>, Matomo's <c>method</c>), e.g. <c>POST /namecheap/xml.response
/// namecheap.domains.dns.setCustom</c>. Tests use it to prove what a caller did or did not ask of a vendor (the plan's
/// "no mutating call").
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>Gets every entry so far, in arrival order.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Forgets the entries so far (e.g. after seeding, before the phase under test).</summary>
    public void Clear() => _entries.Clear();

    internal void UseRequestLog(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        var operation = request.Query["Command"].FirstOrDefault() ?? request.Query["method"].FirstOrDefault();
        // Only the two form-posting vendors: other handlers (uploads) may read the body as a stream themselves.
        if (operation is null && request.HasFormContentType && (request.Path.StartsWithSegments("/namecheap") || request.Path.StartsWithSegments("/matomo")))
        {
            try
            {
                // The form is read once and cached on the request; the vendor handler reads the same copy.
                var form = await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
                operation = form["Command"].FirstOrDefault() ?? form["method"].FirstOrDefault();
            }
            catch (InvalidDataException)
            {
                operation = "(unreadable form)"; // the vendor handler answers it as the vendor would
            }
        }

        _entries.Enqueue(operation is null ? $"{request.Method} {request.Path}" : $"{request.Method} {request.Path} {operation}");
        await next(http).ConfigureAwait(false);
    });
}
