namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>POSIX shell quoting.</summary>
public static class ShellQuote
{
    /// <summary>
    /// Wraps <paramref name="value"/> in single quotes, writing each embedded <c>'</c> as <c>'\''</c>. Inside single
    /// quotes a POSIX shell expands nothing (no <c>$</c>, backticks, globs, or escapes), so the remote command receives
    /// the exact bytes. NUL cannot be passed at all and is rejected.
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
