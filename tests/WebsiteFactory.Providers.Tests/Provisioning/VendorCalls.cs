using System.Collections.Concurrent;

namespace WebsiteFactory.Providers.Tests.Provisioning;

/// <summary>The requests the product's vendor clients sent to the simulators, as <c>METHOD /path</c>, in order.</summary>
public sealed class VendorCalls
{
    private readonly ConcurrentQueue<string> _calls = new();

    /// <summary>Gets every call so far.</summary>
    public IReadOnlyList<string> All => [.. _calls];

    /// <summary>Counts the calls whose <c>METHOD /path</c> matches.</summary>
    /// <param name="match">The predicate.</param>
    /// <returns>The count.</returns>
    public int Count(Func<string, bool> match) => _calls.Count(match);

    /// <summary>The innermost handler of every client: sees each attempt, retries included.</summary>
    public sealed class Handler(VendorCalls calls) : DelegatingHandler
    {
        /// <inheritdoc/>
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            calls._calls.Enqueue($"{request.Method} {request.RequestUri?.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
