using System.Collections.Concurrent;
using System.Net;

namespace WebsiteFactory.Bench.Publish;

/// <summary>HTTP requests the product's vendor clients sent, by simulator path prefix, and the 429 answers among them.</summary>
internal sealed class VendorCallCounter
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _throttled = new(StringComparer.Ordinal);

    public long Calls(string vendor) => _calls.GetValueOrDefault(vendor);

    public long Throttled(string vendor) => _throttled.GetValueOrDefault(vendor);

    public long TotalThrottled => _throttled.Values.Sum();

    public void Reset()
    {
        _calls.Clear();
        _throttled.Clear();
    }

    private static string VendorOf(Uri? uri)
    {
        var path = uri?.AbsolutePath ?? string.Empty;
        return path.StartsWith("/matomo/", StringComparison.Ordinal) ? "matomo"
            : path.StartsWith("/google/token", StringComparison.Ordinal) ? "google-oauth"
            : path.StartsWith("/google/webmasters/", StringComparison.Ordinal) ? "search-console"
            : "other";
    }

    /// <summary>The innermost handler of every client: sees each attempt, retries included.</summary>
    public sealed class Handler(VendorCallCounter counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var vendor = VendorOf(request.RequestUri);
            counter._calls.AddOrUpdate(vendor, 1, (_, n) => n + 1);
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                counter._throttled.AddOrUpdate(vendor, 1, (_, n) => n + 1);
            }

            return response;
        }
    }
}
