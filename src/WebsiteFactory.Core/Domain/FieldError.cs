namespace WebsiteFactory.Core.Domain;

/// <summary>One validation failure of one input field, e.g. <c>("domain", "Domain name is empty.")</c>.</summary>
/// <param name="Field">The field name as the API and CLI spell it (snake_case column / JSON name).</param>
/// <param name="Message">What is wrong, safe to show (never contains secret values).</param>
public sealed record FieldError(string Field, string Message);
