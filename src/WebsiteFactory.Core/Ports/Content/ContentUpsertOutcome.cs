namespace WebsiteFactory.Core.Ports.Content;

/// <summary>What an upsert did.</summary>
public enum ContentUpsertOutcome
{
    /// <summary>A new item was created.</summary>
    Created,
    /// <summary>An existing item was changed.</summary>
    Updated,
    /// <summary>An identical item already existed; nothing was written.</summary>
    Unchanged,
}
