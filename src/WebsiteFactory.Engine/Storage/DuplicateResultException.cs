namespace WebsiteFactory.Engine.Storage;

/// <summary>
/// A fused completion found task rows already deleted: some results were delivered by another execution of the same
/// task. The transaction is rolled back and the results take the ordinary path, which discards the duplicates.
/// </summary>
internal sealed class DuplicateResultException : Exception
{
    public DuplicateResultException(int count)
        : base($"{count} activity results were already delivered.")
    {
    }

    public DuplicateResultException()
    {
    }

    public DuplicateResultException(string message)
        : base(message)
    {
    }

    public DuplicateResultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
