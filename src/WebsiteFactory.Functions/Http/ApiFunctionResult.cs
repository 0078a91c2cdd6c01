using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;

namespace WebsiteFactory.Functions.Http;

/// <summary>
/// Serves one route on the Functions host the way the local server's pipeline does: authentication, the route's scope
/// policy, the handler (through <see cref="ApiRequestDelegates"/>), domain exceptions as problems, and problem bodies
/// for error statuses that have none (the server's <c>UseStatusCodePages</c>).
/// </summary>
/// <remarks>
/// The trigger is anonymous (no function key) because the callers are the dashboard and the CLI, which hold a user
/// sign-in or an API key, never a Functions key; the key would also be the same secret for every caller and scope.
/// Authorization is therefore done here, with the same policies as the local server (<c>AuthPolicies</c>), and a
/// request without valid credentials gets the same 401 problem.
/// </remarks>
/// <param name="route">The route.</param>
/// <param name="client">The Durable Functions client bound to this invocation.</param>
internal sealed class ApiFunctionResult(ApiRoute route, DurableTaskClient client) : IResult
{
    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var services = httpContext.RequestServices;
        services.GetRequiredService<FunctionDurableClient>().Client = client;
        var (handler, matcher) = services.GetRequiredService<ApiRequestDelegates>().For(route);

        var values = new RouteValueDictionary();
        if (matcher.TryMatch(httpContext.Request.Path, values))
        {
            foreach (var (key, value) in values)
            {
                httpContext.Request.RouteValues[key] = value;
            }
        }

        if (await AuthorizeAsync(httpContext, services))
        {
            await RunAsync(httpContext, handler, services);
        }

        await WriteStatusProblemAsync(httpContext, services);
    }

    private async Task<bool> AuthorizeAsync(HttpContext httpContext, IServiceProvider services)
    {
        var authenticated = await httpContext.AuthenticateAsync();
        if (authenticated.Principal is { } principal)
        {
            httpContext.User = principal;
        }

        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(route.Policy)
            ?? throw new InvalidOperationException($"The authorization policy '{route.Policy}' is not registered.");
        var allowed = await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(httpContext.User, httpContext, policy);
        if (allowed.Succeeded)
        {
            return true;
        }

        if (httpContext.User.Identity?.IsAuthenticated == true)
        {
            await httpContext.ForbidAsync();
        }
        else
        {
            await httpContext.ChallengeAsync();
        }

        return false;
    }

    private async Task RunAsync(HttpContext httpContext, RequestDelegate handler, IServiceProvider services)
    {
        try
        {
            await handler(httpContext);
        }
        catch (Exception e) when (!httpContext.Response.HasStarted && !httpContext.RequestAborted.IsCancellationRequested)
        {
            var problem = ApiExceptionProblems.From(e);
            if (problem is null)
            {
                Log.HandlerFailed(services.GetRequiredService<ILogger<ApiFunctionResult>>(), e, route.ToString());
                problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError };
            }

            httpContext.Response.Clear();
            httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
            await services.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = e });
        }
    }

    private static async Task WriteStatusProblemAsync(HttpContext httpContext, IServiceProvider services)
    {
        var response = httpContext.Response;
        if (response.StatusCode is < 400 or >= 600 || response.HasStarted || response.ContentLength is not null || !string.IsNullOrEmpty(response.ContentType))
        {
            return;
        }

        await services.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = { Status = response.StatusCode },
        });
    }
}
