using Microsoft.AspNetCore.Mvc;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Problems;

/// <summary>
/// The problem a domain exception that escapes a handler turns into, on either host (the local server's exception
/// handler and the Functions dispatch both ask here): validation and unknown references → 400, duplicates and entities
/// in use → 409, missing entities → 404, a site's operation gate not obtained in time → 503 with <c>Retry-After</c>.
/// </summary>
/// <remarks>
/// The 503's <c>Retry-After</c> header is set by <see cref="ProblemTypes.Complete"/>, which both hosts run on every
/// problem they write and which sees the exception (<see cref="RetryAfter"/>); so no handler catches the gate's timeout.
/// </remarks>
public static class ApiExceptionProblems
{
    /// <summary>Maps an exception to its problem.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The problem, or null when the exception is not one of the domain's (a 500).</returns>
    public static ProblemDetails? From(Exception exception) => exception switch
    {
        EntityValidationException e => Validation(e.Errors.Count > 0 ? e.Errors : [new FieldError("body", e.Message)]),
        UnknownReferenceException e => Validation([new FieldError(e.Field, e.Message)]),
        DuplicateEntityException e => Problem(StatusCodes.Status409Conflict, "Already exists", e.Message),
        EntityInUseException e => Problem(StatusCodes.Status409Conflict, "In use", e.Message),
        EntityNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException e => Problem(StatusCodes.Status409Conflict, "Already running", e.Message),
        BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message),
        SiteOperationGateTimeoutException e => Problem(
            StatusCodes.Status503ServiceUnavailable,
            "Site busy starting another operation",
            $"Another start of an operation on this site held its lock for over {e.Waited.TotalSeconds:0.###} s, so nothing was started. Try again after the time in the Retry-After header."),
        _ => null,
    };

    /// <summary>The <c>Retry-After</c> (whole seconds, at least 1) an exception's problem carries, or null.</summary>
    /// <param name="exception">The exception the problem was made from.</param>
    /// <returns>The header value, or null.</returns>
    public static string? RetryAfter(Exception? exception) => exception is SiteOperationGateTimeoutException e
        ? Math.Max(1, (int)Math.Ceiling(e.Waited.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <summary>Builds a problem with a status, title and detail.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">A short summary.</param>
    /// <param name="detail">What happened.</param>
    /// <returns>The problem.</returns>
    public static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    private static HttpValidationProblemDetails Validation(IEnumerable<FieldError> errors) =>
        new(errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = "One or more fields are invalid; nothing was changed.",
        };
}
