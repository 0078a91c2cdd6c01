using Microsoft.Extensions.Options;
using Npgsql;

namespace WebsiteFactory.Server.Auth;

/// <summary>
/// Per-account sign-in backoff in <c>wf.sign_in_failures</c>: after <see cref="SignInBackoffOptions.FreeFailures"/>
/// consecutive failures for one account name, from any client IP, sign-in for that name is refused until a pause that
/// doubles with each further failure has passed. Unknown names are counted the same way, so the answers do not reveal
/// which accounts exist. Stored in the database, so a restart does not reset it.
/// </summary>
public sealed class SignInBackoff(NpgsqlDataSource dataSource, IOptions<SignInBackoffOptions> options, TimeProvider clock)
{
    /// <summary>How long sign-in for this account is still paused, or null when it may be tried now.</summary>
    /// <param name="userName">The presented user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The remaining pause, or null.</returns>
    public async Task<TimeSpan?> RetryAfterAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("SELECT locked_until FROM wf.sign_in_failures WHERE account = lower($1)");
        cmd.Parameters.AddWithValue(userName);
        var lockedUntil = await cmd.ExecuteScalarAsync(cancellationToken) is DateTime t ? new DateTimeOffset(t, TimeSpan.Zero) : (DateTimeOffset?)null;
        var now = clock.GetUtcNow();
        return lockedUntil > now ? lockedUntil.Value - now : null;
    }

    /// <summary>Counts a failed sign-in and starts (or lengthens) the pause once the free failures are used up.</summary>
    /// <param name="userName">The presented user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task FailedAsync(string userName, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        await using var count = dataSource.CreateCommand("""
            INSERT INTO wf.sign_in_failures AS f (account, failures, last_failure_at) VALUES (lower($1), 1, $2)
            ON CONFLICT (account) DO UPDATE SET
                failures = CASE WHEN f.last_failure_at < $3 THEN 1 ELSE f.failures + 1 END,
                last_failure_at = EXCLUDED.last_failure_at
            RETURNING failures
            """);
        count.Parameters.AddWithValue(userName);
        count.Parameters.AddWithValue(now);
        count.Parameters.AddWithValue(now - o.ForgetAfter);
        var failures = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        if (failures < o.FreeFailures)
        {
            return;
        }

        await using var pause = dataSource.CreateCommand("UPDATE wf.sign_in_failures SET locked_until = $2 WHERE account = lower($1)");
        pause.Parameters.AddWithValue(userName);
        pause.Parameters.AddWithValue(now + Delay(failures - o.FreeFailures, o));
        await pause.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets an account's failures after a successful sign-in.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task SucceededAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM wf.sign_in_failures WHERE account = lower($1)");
        cmd.Parameters.AddWithValue(userName);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The pause after <paramref name="extra"/> failures beyond the free ones: base × 2^extra, capped.</summary>
    /// <param name="extra">Failures beyond the free ones (0 for the first pause).</param>
    /// <param name="o">The settings.</param>
    /// <returns>The pause.</returns>
    internal static TimeSpan Delay(int extra, SignInBackoffOptions o)
    {
        var factor = Math.Pow(2, Math.Min(extra, 30));
        var ticks = Math.Min(o.BaseDelay.Ticks * factor, o.MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
