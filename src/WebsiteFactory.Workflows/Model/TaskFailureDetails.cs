using System.Reflection;

namespace WebsiteFactory.Workflows;

/// <summary>
/// A serializable description of a failure: an activity's or sub-orchestration's unhandled exception, or why an
/// orchestration failed (mirrors <c>Microsoft.DurableTask.TaskFailureDetails</c>).
/// </summary>
/// <param name="ErrorType">The full name of the exception type (for example <c>System.InvalidOperationException</c>).</param>
/// <param name="ErrorMessage">The exception message.</param>
/// <param name="StackTrace">The stack trace, when available.</param>
/// <param name="InnerFailure">The inner failure, when the exception had an inner exception.</param>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    /// <summary>Returns <c>ErrorType: ErrorMessage</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{this.ErrorType}: {this.ErrorMessage}";

    /// <summary>Whether the failure was caused by an exception of type <typeparamref name="T"/> or a type derived from it.</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    /// <returns><see langword="true"/> when <see cref="ErrorType"/> names <typeparamref name="T"/> or a subclass.</returns>
    public bool IsCausedBy<T>()
        where T : Exception => this.IsCausedBy(typeof(T));

    /// <summary>Whether the failure was caused by an exception of <paramref name="exceptionType"/> or a type derived from it.</summary>
    /// <param name="exceptionType">The exception type.</param>
    /// <returns><see langword="true"/> when <see cref="ErrorType"/> names that type or a subclass.</returns>
    /// <exception cref="ArgumentException"><paramref name="exceptionType"/> is not an exception type.</exception>
    public bool IsCausedBy(Type exceptionType)
    {
        ArgumentNullException.ThrowIfNull(exceptionType);
        if (!typeof(Exception).IsAssignableFrom(exceptionType))
        {
            throw new ArgumentException($"The type {exceptionType} is not an exception type.", nameof(exceptionType));
        }

        if (string.Equals(this.ErrorType, exceptionType.FullName, StringComparison.Ordinal))
        {
            return true;
        }

        Type? failureType = ResolveType(this.ErrorType, exceptionType.Assembly);
        return failureType is not null && exceptionType.IsAssignableFrom(failureType);
    }

    /// <summary>Describes an exception, recursively including its inner exceptions.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The failure details.</returns>
    public static TaskFailureDetails FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is TaskFailedException { FailureDetails: var details } && exception.InnerException is null)
        {
            // A task failure rethrown by orchestrator code keeps the original cause as its inner failure.
            return new TaskFailureDetails(typeof(TaskFailedException).FullName!, exception.Message, exception.StackTrace, details);
        }

        return new TaskFailureDetails(
            exception.GetType().FullName ?? exception.GetType().Name,
            exception.Message,
            exception.StackTrace,
            exception.InnerException is { } inner ? FromException(inner) : null);
    }

    private static Type? ResolveType(string name, Assembly hint)
    {
        Type? type = Type.GetType(name, throwOnError: false) ?? hint.GetType(name, throwOnError: false);
        if (type is not null)
        {
            return type;
        }

        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.GetType(name, throwOnError: false) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
