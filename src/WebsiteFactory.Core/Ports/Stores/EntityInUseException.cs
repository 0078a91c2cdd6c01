namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// A delete was refused because other rows still refer to the entity (e.g. sites use this Cloudflare account);
/// nothing was written.
/// </summary>
public sealed class EntityInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EntityInUseException(string entity, string id, string usedBy, Exception? innerException = null)
        : base($"The {entity} '{id}' is still used by {usedBy}; reassign or delete those first.", innerException)
    {
        Entity = entity;
        Id = id;
    }

    /// <summary>Creates the exception (for serializers and analyzers).</summary>
    public EntityInUseException() : base("The record is still in use.")
    {
        Entity = "record";
        Id = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EntityInUseException(string message) : base(message)
    {
        Entity = "record";
        Id = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public EntityInUseException(string message, Exception innerException) : base(message, innerException)
    {
        Entity = "record";
        Id = string.Empty;
    }

    /// <summary>Entity in words.</summary>
    public string Entity { get; }

    /// <summary>Its id.</summary>
    public string Id { get; }
}
