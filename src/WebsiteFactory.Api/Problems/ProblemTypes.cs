using Microsoft.AspNetCore.WebUtilities;

namespace WebsiteFactory.Api.Problems;

/// <summary>
/// Fills what ASP.NET Core's problem defaults leave out, so every problem body is RFC 9457 complete: <c>type</c>,
/// <c>title</c> and <c>status</c>.
/// </summary>
/// <remarks>
/// The framework knows a <c>type</c> URI for the common 4xx/5xx codes but not for 429 (RFC 6585) or any code it does not
/// list, and writes those without one. This runs as the problem-details service's customisation, so it covers results,
/// status-code pages, the exception handler and the rate limiter alike. It also adds the <c>Retry-After</c> of a problem
/// made from an exception that asks for one (<see cref="ApiExceptionProblems.RetryAfter"/>).
/// </remarks>
public static class ProblemTypes
{
    /// <summary>The <c>type</c> of a 429 problem: RFC 6585 section 4.</summary>
    public const string TooManyRequests = "https://www.rfc-editor.org/rfc/rfc6585#section-4";

    /// <summary>Completes a problem about to be written.</summary>
    /// <param name="context">The problem and its response.</param>
    public static void Complete(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status ??= status;
        if (ApiExceptionProblems.RetryAfter(context.Exception) is { } retryAfter && !context.HttpContext.Response.HasStarted)
        {
            context.HttpContext.Response.Headers.RetryAfter = retryAfter;
        }
        problem.Type ??= status == StatusCodes.Status429TooManyRequests ? TooManyRequests : "about:blank";
        if (string.IsNullOrEmpty(problem.Title))
        {
            var phrase = ReasonPhrases.GetReasonPhrase(status);
            problem.Title = string.IsNullOrEmpty(phrase) ? "Error" : phrase;
        }
    }
}
