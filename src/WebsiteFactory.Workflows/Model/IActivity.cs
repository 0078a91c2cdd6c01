namespace WebsiteFactory.Workflows;

/// <summary>The untyped shape of an activity, used by engines. Derive from <see cref="Activity{TInput, TOutput}"/>.</summary>
public interface IActivity
{
    /// <summary>Gets the input type.</summary>
    Type InputType { get; }

    /// <summary>Gets the output type.</summary>
    Type OutputType { get; }

    /// <summary>Runs the activity.</summary>
    /// <param name="context">The activity context.</param>
    /// <param name="input">The deserialized input.</param>
    /// <returns>The output.</returns>
    Task<object?> RunAsync(ActivityContext context, object? input);
}
