using Npgsql;
using NpgsqlTypes;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// <see cref="IRateBudget"/> on PostgreSQL (<c>wf.rate_budgets</c> + <c>wf.rate_budget_permits</c>): a sliding-window log
/// shared by every worker, instance and machine using the database.
/// </summary>
/// <remarks>
/// <para>Each call is one statement (<c>wf.rate_budget_take</c>) that holds the key's row lock while it counts and takes,
/// so concurrent callers never overspend. A sliding-window log, not a token bucket: a bucket sized to the limit would let
/// twice the limit through within one window (a full burst, then the refill).</para>
/// <para>Time comes from the database clock by default, so worker clock skew does not matter. Pass a
/// <see cref="TimeProvider"/> to run on another clock (tests with a fake clock, benchmarks on a sped-up clock); then all
/// users of a key must share that clock.</para>
/// <para>Use one policy per key: the window given on each call decides which old permits are forgotten.</para>
/// </remarks>
public sealed class PostgresRateBudget : IRateBudget
{
    private const int MaxKeyLength = 200;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider? _clock;

    /// <summary>Creates the budget store.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="clock">Null (default) uses the database clock.</param>
    public PostgresRateBudget(NpgsqlDataSource dataSource, TimeProvider? clock = null)
    {
        _dataSource = dataSource;
        _clock = clock;
    }

    /// <inheritdoc />
    public async ValueTask<TimeSpan> TryAcquireAsync(string budgetKey, RateLimitPolicy policy, int permits = 1, CancellationToken cancellationToken = default)
    {
        CheckKey(budgetKey);
        CheckPolicy(policy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(permits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permits, policy.Limit);
        await using var cmd = _dataSource.Command(
            "SELECT granted, retry_after FROM wf.rate_budget_take(@key, @permits, @limit, @window, @now)",
            Sql.P("key", NpgsqlDbType.Text, budgetKey),
            Sql.P("permits", NpgsqlDbType.Integer, permits),
            Sql.P("limit", NpgsqlDbType.Integer, policy.Limit),
            Sql.P("window", NpgsqlDbType.Interval, policy.Window),
            Sql.P("now", NpgsqlDbType.TimestampTz, _clock?.GetUtcNow()));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetBoolean(0) ? TimeSpan.Zero : reader.GetFieldValue<TimeSpan>(1);
    }

    /// <inheritdoc />
    public async ValueTask BlockAsync(string budgetKey, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        CheckKey(budgetKey);
        if (retryAfter <= TimeSpan.Zero)
        {
            return;
        }

        await using var cmd = _dataSource.Command(
            """
            INSERT INTO wf.rate_budgets AS b (key, blocked_until)
            VALUES (@key, COALESCE(@now, clock_timestamp()) + @retryAfter)
            ON CONFLICT (key) DO UPDATE SET blocked_until = GREATEST(b.blocked_until, EXCLUDED.blocked_until)
            """,
            Sql.P("key", NpgsqlDbType.Text, budgetKey),
            Sql.P("retryAfter", NpgsqlDbType.Interval, retryAfter),
            Sql.P("now", NpgsqlDbType.TimestampTz, _clock?.GetUtcNow()));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(string budgetKey, RateLimitPolicy policy, CancellationToken cancellationToken = default)
    {
        CheckKey(budgetKey);
        CheckPolicy(policy);
        await using var cmd = _dataSource.Command(
            "SELECT COALESCE(sum(permits), 0)::int FROM wf.rate_budget_permits WHERE key = @key AND taken_at > COALESCE(@now, clock_timestamp()) - @window",
            Sql.P("key", NpgsqlDbType.Text, budgetKey),
            Sql.P("window", NpgsqlDbType.Interval, policy.Window),
            Sql.P("now", NpgsqlDbType.TimestampTz, _clock?.GetUtcNow()));
        return (int)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"Budget key is longer than {MaxKeyLength} characters.", nameof(key));
        }
    }

    private static void CheckPolicy(RateLimitPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(policy.Limit);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(policy.Window, TimeSpan.Zero);
    }
}
