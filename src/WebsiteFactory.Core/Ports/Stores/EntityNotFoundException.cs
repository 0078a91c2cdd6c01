namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>The entity to update does not exist. A <see cref="KeyNotFoundException"/>, as <see cref="ISiteStateStore"/> documents.</summary>
public sealed class EntityNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception.</summary>
    public EntityNotFoundException(string entity, string id)
        : base($"The {entity} '{id}' does not exist.")
    {
        Entity = entity;
        Id = id;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public EntityNotFoundException() : this("record", string.Empty) { }

    /// <summary>Creates the exception with a message.</summary>
    public EntityNotFoundException(string message) : base(message)
    {
        Entity = "record";
        Id = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public EntityNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
        Entity = "record";
        Id = string.Empty;
    }

    /// <summary>Entity in words.</summary>
    public string Entity { get; }

    /// <summary>Its id.</summary>
    public string Id { get; }
}
