namespace WebsiteFactory.Server.Auth;

/// <summary>The local admin account created on first start, bound from <c>Authentication:Admin</c>.</summary>
public sealed class LocalAdminOptions
{
    /// <summary>The admin's user name. Default: <c>admin</c>.</summary>
    public string UserName { get; set; } = "admin";

    /// <summary>
    /// A password to use instead of a generated one (first start only). Default: none — a random password is
    /// generated and printed once to the console (not to the log); only its hash is stored.
    /// </summary>
    public string? InitialPassword { get; set; }

    /// <summary>Dashboard cookie lifetime in hours (sliding). Default: 12.</summary>
    public int CookieHours { get; set; } = 12;
}
