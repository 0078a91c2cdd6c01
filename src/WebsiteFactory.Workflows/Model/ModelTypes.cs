namespace WebsiteFactory.Workflows;

/// <summary>Helpers shared by the typed base classes.</summary>
internal static class ModelTypes
{
    /// <summary>Casts an engine-deserialized input to the declared type, with a clear error on mismatch.</summary>
    public static T Coerce<T>(object? input) => input switch
    {
        T typed => typed,
        null => default!,
        _ => throw new ArgumentException($"Input type '{input.GetType()}' does not match the expected type '{typeof(T)}'.", nameof(input)),
    };
}
