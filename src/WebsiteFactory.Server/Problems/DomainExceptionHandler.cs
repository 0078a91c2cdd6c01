using DurableTask.Core.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Stores;
using WebsiteFactory.Engine;

namespace WebsiteFactory.Server.Problems;

/// <summary>
/// Turns domain and workflow exceptions that escape an endpoint into problem+json with the right status (the engine's
/// client exceptions included: the server always runs on the embedded engine).
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails? problem = exception switch
        {
            EntityValidationException e => Validation(e.Errors.Count > 0 ? e.Errors : [new FieldError("body", e.Message)]),
            UnknownReferenceException e => Validation([new FieldError(e.Field, e.Message)]),
            DuplicateEntityException e => Problem(StatusCodes.Status409Conflict, "Already exists", e.Message),
            EntityInUseException e => Problem(StatusCodes.Status409Conflict, "In use", e.Message),
            EntityNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            OrchestrationNotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            OrchestrationAlreadyExistsException e => Problem(StatusCodes.Status409Conflict, "Already running", e.Message),
            InvalidOrchestrationStateException e => Problem(StatusCodes.Status409Conflict, "Not allowed in this state", e.Message),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request", e.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static HttpValidationProblemDetails Validation(IEnumerable<FieldError> errors) =>
        new(errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = "One or more fields are invalid; nothing was changed.",
        };

    private static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };
}
