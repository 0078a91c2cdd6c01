namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// A unique field already holds the given value (e.g. a site with this domain exists); nothing was written.
/// The message names the entity, the field and the value: <c>A site with domain 'example.com' already exists.</c>
/// </summary>
public sealed class DuplicateEntityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DuplicateEntityException(string entity, string field, string? value, Exception? innerException = null)
        : base(value is null ? $"A {entity} with this {Spell(field)} already exists." : $"A {entity} with {Spell(field)} '{value}' already exists.", innerException)
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public DuplicateEntityException() : this("record", "id", null) { }

    /// <summary>Creates the exception with a message.</summary>
    public DuplicateEntityException(string message) : base(message)
    {
        Entity = "record";
        Field = "id";
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DuplicateEntityException(string message, Exception innerException) : base(message, innerException)
    {
        Entity = "record";
        Field = "id";
    }

    /// <summary>Entity in words, e.g. <c>site</c>, <c>cloudflare account</c>.</summary>
    public string Entity { get; }

    /// <summary>The unique field (snake_case), e.g. <c>domain</c>, <c>account_nickname</c>.</summary>
    public string Field { get; }

    /// <summary>The duplicate value (never a secret: secret columns hold names).</summary>
    public string? Value { get; }

    private static string Spell(string field) => field.Replace('_', ' ');
}
