using Xunit;

namespace WebsiteFactory.Testing;

/// <summary>A fact that needs root (e.g. to check what the unprivileged PostgreSQL server user can reach); skipped otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    /// <summary>Initializes a new instance of the <see cref="RootFactAttribute"/> class.</summary>
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            Skip = "Needs root: the check is about the unprivileged server user root starts PostgreSQL as.";
        }
    }
}
