using System.Net;
using System.Text.Json;

namespace WebsiteFactory.Cli.Http;

/// <summary>The server answered with an error status (RFC 9457 problem details when available).</summary>
public sealed class ApiException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ApiException"/> class.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="problem">The problem body, if any.</param>
    public ApiException(HttpStatusCode status, JsonElement? problem)
        : base(Describe(status, problem))
    {
        Status = status;
        Problem = problem;
    }

    /// <summary>Initializes a new instance of the <see cref="ApiException"/> class.</summary>
    public ApiException()
        : this(HttpStatusCode.InternalServerError, null)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApiException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ApiException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Gets the problem body.</summary>
    public JsonElement? Problem { get; }

    /// <summary>Gets the exit code: 2 for input the server rejected as invalid or unknown, 1 otherwise.</summary>
    public int ExitCode => Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.UnsupportedMediaType ? ExitCodes.Usage : ExitCodes.Failed;

    private static string Describe(HttpStatusCode status, JsonElement? problem)
    {
        var lines = new List<string>();
        var title = problem is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("title", out var t) ? t.GetString() : null;
        var detail = problem is { ValueKind: JsonValueKind.Object } q && q.TryGetProperty("detail", out var d) ? d.GetString() : null;
        lines.Add($"{(int)status} {title ?? status.ToString()}{(detail is null ? string.Empty : ": " + detail)}");
        if (problem is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.String)
        {
            // 409 "another operation is running": name it and say how to follow it.
            var kind = o.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? $" ({k.GetString()})" : string.Empty;
            lines.Add($"  running: {id.GetString()}{kind}; follow it with: wf instances show {id.GetString()}");
        }
        if (problem is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in errors.EnumerateObject())
            {
                foreach (var message in field.Value.EnumerateArray())
                {
                    lines.Add($"  {field.Name}: {message.GetString()}");
                }
            }
        }

        return string.Join(Environment.NewLine, lines);
    }
}
