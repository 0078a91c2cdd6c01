namespace WebsiteFactory.Providers.Deploy;

/// <summary>POSIX shell quoting for arguments sent to a remote shell over SSH.</summary>
public static class PosixShell
{
    /// <summary>
    /// Quotes <paramref name="value"/> as one shell word: wrapped in single quotes, embedded single quotes written as
    /// <c>'\''</c>. Nothing inside single quotes is special to a POSIX shell.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A shell argument cannot contain NUL.", nameof(value));
        }

        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
