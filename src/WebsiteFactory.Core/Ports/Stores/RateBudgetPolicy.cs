namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>
/// A token bucket: up to <see cref="Capacity"/> tokens, refilled continuously at <see cref="RefillPerSecond"/>.
/// <c>RateBudgetPolicy.PerWindow(1200, TimeSpan.FromMinutes(5))</c> is Cloudflare's per-account limit.
/// </summary>
/// <param name="Capacity">Bucket size (burst), &gt; 0.</param>
/// <param name="RefillPerSecond">Tokens added per second, &gt; 0.</param>
public sealed record RateBudgetPolicy(double Capacity, double RefillPerSecond)
{
    /// <summary>A bucket that allows <paramref name="requests"/> per <paramref name="window"/>, bursting up to the full amount.</summary>
    public static RateBudgetPolicy PerWindow(int requests, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(requests);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return new RateBudgetPolicy(requests, requests / window.TotalSeconds);
    }

    /// <summary>Throws when a value is out of range.</summary>
    public void EnsureValid()
    {
        if (!(Capacity > 0) || double.IsInfinity(Capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(Capacity), Capacity, "Capacity must be a positive number.");
        }

        if (!(RefillPerSecond > 0) || double.IsInfinity(RefillPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(RefillPerSecond), RefillPerSecond, "Refill rate must be a positive number.");
        }
    }
}
