using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using WebsiteFactory.Api.Auth;

namespace WebsiteFactory.Server.Auth;

/// <summary>Creates the local admin and checks passwords (ASP.NET Core Identity's PBKDF2 <see cref="PasswordHasher{TUser}"/>).</summary>
public sealed partial class AdminPasswords(UserStore users, SessionStore sessions, ILogger<AdminPasswords> logger)
{
    private static readonly PasswordHasher<LocalUser> Hasher = new();

    /// <summary>Creates a random password: 20 characters from an unambiguous alphabet (~114 bits).</summary>
    /// <returns>The password.</returns>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);

    /// <summary>Hashes a password.</summary>
    /// <param name="password">The password.</param>
    /// <returns>The hash.</returns>
    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Creates the admin user when no user exists.</summary>
    /// <param name="options">The admin settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The generated password when one was created now (print it once), otherwise null.</returns>
    public async Task<string?> EnsureAdminAsync(LocalAdminOptions options, CancellationToken cancellationToken = default)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return null;
        }

        var password = string.IsNullOrEmpty(options.InitialPassword) ? GeneratePassword() : options.InitialPassword;
        await users.UpsertAsync(options.UserName, Hash(password), ApiScope.Admin, cancellationToken);
        Log.AdminCreated(logger, options.UserName);
        return string.IsNullOrEmpty(options.InitialPassword) ? password : null;
    }

    /// <summary>
    /// Sets a user's password (creating the user as admin if absent) and ends every session of the user; used by the demo
    /// and <c>wf</c> admin tasks.
    /// </summary>
    /// <param name="userName">The user.</param>
    /// <param name="password">The new password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task ResetAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var id = await users.UpsertAsync(userName, Hash(password), ApiScope.Admin, cancellationToken);
        await sessions.EndAllAsync(id.ToString(), null, cancellationToken);
    }

    /// <summary>Changes a signed-in user's own password and ends the user's other sessions.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="currentPassword">The current password (checked).</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="keepSession">The caller's own session, which stays signed in.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>False when the user is unknown or disabled or the current password is wrong (nothing changed).</returns>
    public async Task<bool> ChangeAsync(Guid userId, string currentPassword, string newPassword, Guid? keepSession, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId, cancellationToken);
        if (user is null || user.Disabled || Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return false;
        }

        await users.SetPasswordHashAsync(user.Id, Hash(newPassword), cancellationToken);
        var ended = await sessions.EndAllAsync(user.Id.ToString(), keepSession, cancellationToken);
        Log.PasswordChanged(logger, user.UserName, ended);
        return true;
    }

    /// <summary>Checks a user's password; rehashes it when the hasher's parameters changed.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The presented password.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The user when the password matches and the user is enabled, otherwise null.</returns>
    public async Task<LocalUser?> VerifyAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var user = await users.FindAsync(userName, cancellationToken);
        if (user is null)
        {
            // Same work for unknown users as for known ones, so response time does not reveal which names exist.
            Hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return null;
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed || user.Disabled)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordHashAsync(user.Id, Hash(password), cancellationToken);
        }

        await users.TouchLoginAsync(user.Id, cancellationToken);
        return user;
    }

    private static readonly Lazy<string> DummyHash = new(() => Hash(GeneratePassword()));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Created the local admin user '{UserName}' (a generated password is printed to the console once, never logged)")]
        public static partial void AdminCreated(ILogger logger, string userName);

        [LoggerMessage(2, LogLevel.Information, "User '{UserName}' changed their password; {Ended} other session(s) ended")]
        public static partial void PasswordChanged(ILogger logger, string userName, int ended);
    }
}
