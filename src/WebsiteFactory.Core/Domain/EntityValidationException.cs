namespace WebsiteFactory.Core.Domain;

/// <summary>
/// Input failed validation; nothing was written. <see cref="Errors"/> lists every failing field so an HTTP API can answer
/// with a field-level problem+json and the CLI can print them all at once.
/// </summary>
public sealed class EntityValidationException : Exception
{
    /// <summary>Creates the exception from field errors.</summary>
    public EntityValidationException(IReadOnlyList<FieldError> errors)
        : base(BuildMessage(errors)) => Errors = errors;

    /// <summary>Creates the exception for one field.</summary>
    public EntityValidationException(string field, string message)
        : this([new FieldError(field, message)]) { }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public EntityValidationException() : this([]) { }

    /// <summary>Creates the exception with a message and no field errors.</summary>
    public EntityValidationException(string message) : base(message) => Errors = [];

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public EntityValidationException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    /// <summary>The failing fields.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    /// <summary>Throws when <paramref name="errors"/> is not empty.</summary>
    public static void ThrowIfAny(IReadOnlyList<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new EntityValidationException(errors);
        }
    }

    private static string BuildMessage(IReadOnlyList<FieldError> errors) =>
        errors.Count == 0
            ? "Validation failed."
            : "Validation failed: " + string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
}
