namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// Input refers to something that does not exist (e.g. an unknown Cloudflare account id); nothing was written.
/// The message says what: <c>Unknown cloudflare account '…'.</c>
/// </summary>
public sealed class UnknownReferenceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UnknownReferenceException(string entity, string field, string? value, Exception? innerException = null)
        : base(value is null ? $"Unknown {entity}." : $"Unknown {entity} '{value}'.", innerException)
    {
        Entity = entity;
        Field = field;
        Value = value;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public UnknownReferenceException() : this("record", "id", null) { }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownReferenceException(string message) : base(message)
    {
        Entity = "record";
        Field = "id";
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public UnknownReferenceException(string message, Exception innerException) : base(message, innerException)
    {
        Entity = "record";
        Field = "id";
    }

    /// <summary>The referenced entity in words, e.g. <c>cloudflare account</c>.</summary>
    public string Entity { get; }

    /// <summary>The referencing field (snake_case), e.g. <c>cloudflare_account_id</c>.</summary>
    public string Field { get; }

    /// <summary>The unknown value as given.</summary>
    public string? Value { get; }
}
