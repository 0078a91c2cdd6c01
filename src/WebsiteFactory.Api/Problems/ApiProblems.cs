using Microsoft.AspNetCore.Http.HttpResults;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Api.Problems;

/// <summary>RFC 9457 problem results used by every endpoint.</summary>
public static class ApiProblems
{
    /// <summary>A 400 validation problem with one entry per field.</summary>
    /// <param name="errors">The field errors.</param>
    /// <param name="detail">An optional summary.</param>
    /// <returns>The result.</returns>
    public static ValidationProblem Validation(IEnumerable<FieldError> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal),
            detail: detail ?? "One or more fields are invalid; nothing was changed.");

    /// <summary>A 400 validation problem for one field.</summary>
    /// <param name="field">The field.</param>
    /// <param name="message">The message.</param>
    /// <returns>The result.</returns>
    public static ValidationProblem Validation(string field, string message) => Validation([new FieldError(field, message)]);

    /// <summary>A problem with a status code.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">A short summary.</param>
    /// <param name="detail">What happened and what to do.</param>
    /// <returns>The result.</returns>
    public static ProblemHttpResult Status(int status, string title, string? detail = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>404 for a missing resource.</summary>
    /// <param name="detail">What was not found.</param>
    /// <returns>The result.</returns>
    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);
}
