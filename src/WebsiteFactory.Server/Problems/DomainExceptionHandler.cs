using Microsoft.AspNetCore.Diagnostics;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Engine;

namespace WebsiteFactory.Server.Problems;

/// <summary>
/// Turns domain and workflow exceptions that escape an endpoint into problem+json with the right status: the shared
/// mapping (<see cref="ApiExceptionProblems"/>, which the Functions host uses too) plus the embedded engine's client
/// exceptions (the server always runs on the embedded engine).
/// </summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ApiExceptionProblems.From(exception) ?? exception switch
        {
            OrchestrationNotFoundException e => ApiExceptionProblems.Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
            InvalidOrchestrationStateException e => ApiExceptionProblems.Problem(StatusCodes.Status409Conflict, "Not allowed in this state", e.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }
}
