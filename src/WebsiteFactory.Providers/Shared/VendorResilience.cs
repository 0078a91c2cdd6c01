using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace WebsiteFactory.Providers.Shared;

/// <summary>
/// The Polly standard resilience handler, configured for vendor APIs: retries only idempotent requests (GET, PUT,
/// DELETE, or a request flagged with <see cref="Idempotent"/>), honours short <c>Retry-After</c> values, and leaves long
/// ones (and everything non-idempotent) to the durable retry of the workflow step.
/// </summary>
public static class VendorResilience
{
    /// <summary>Request option marking a POST as safe to repeat (reads sent as POST to keep secrets out of URLs).</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("wf.idempotent");

    /// <summary>
    /// Request option paying the vendor's shared rate budget for each retry before it is sent. The first attempt is paid
    /// by the adapter; a retry is a request the vendor counts too (an attempt that timed out on our side may still have
    /// arrived), so an unpaid retry would let a burst of timeouts push the account over its limit.
    /// </summary>
    public static readonly HttpRequestOptionsKey<Func<CancellationToken, Task>> RetryPermit = new("wf.retry-permit");

    /// <summary>Adds and configures the standard resilience handler.</summary>
    public static IHttpClientBuilder AddVendorResilience(this IHttpClientBuilder builder, Func<IServiceProvider, VendorHttpOptions> options)
    {
        builder.AddStandardResilienceHandler().Configure((HttpStandardResilienceOptions r, IServiceProvider sp) =>
        {
            var o = options(sp);
            r.AttemptTimeout.Timeout = o.AttemptTimeout;
            r.TotalRequestTimeout.Timeout = o.TotalTimeout > o.AttemptTimeout ? o.TotalTimeout : o.AttemptTimeout * 2;
            r.CircuitBreaker.SamplingDuration = o.AttemptTimeout * 2 > TimeSpan.FromSeconds(30) ? o.AttemptTimeout * 2 : TimeSpan.FromSeconds(30);
            r.Retry.MaxRetryAttempts = Math.Max(1, o.MaxRetries);
            r.Retry.ShouldRetryAfterHeader = true;
            r.Retry.ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, o));
            r.Retry.OnRetry = args => PayForRetryAsync(args.Context);
        });
        return builder;
    }

    private static async ValueTask PayForRetryAsync(ResilienceContext context)
    {
        // A budget that cannot pay within its wait throws RateLimited out of the pipeline: the durable retry takes over.
        if (context.GetRequestMessage() is { } request && request.Options.TryGetValue(RetryPermit, out var pay))
        {
            await pay(context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, VendorHttpOptions o)
    {
        var request = context.GetRequestMessage() ?? outcome.Result?.RequestMessage;
        if (request is null || !IsIdempotent(request))
        {
            return false;
        }

        if (outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited)
        {
            var after = limited.Headers.RetryAfter?.Delta ?? (limited.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow);
            return after is { } a && a <= o.MaxInCallRetryAfter;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static bool IsIdempotent(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head
        || (request.Options.TryGetValue(Idempotent, out var flagged) && flagged);
}
