using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Workflows.Rollout;

/// <summary>
/// How a <see cref="TemplateRollout"/> cuts the fleet into waves: a canary wave first, then waves that double in size up to
/// a maximum. Pure, so the API's dry run shows exactly the waves the orchestration will run.
/// </summary>
public static class RolloutPlan
{
    /// <summary>Smallest default canary wave (sites).</summary>
    public const int DefaultCanarySize = 5;

    /// <summary>Default canary share of the fleet (percent) when it is larger than <see cref="DefaultCanarySize"/>.</summary>
    public const double DefaultCanaryPercent = 1;

    /// <summary>Default largest wave.</summary>
    public const int DefaultMaxWaveSize = 100;

    /// <summary>Default redeploys running at once.</summary>
    public const int DefaultMaxParallel = 20;

    /// <summary>Default failure share of a later wave that is tolerated (more stops the rollout).</summary>
    public const double DefaultFailureThreshold = 0.1;

    /// <summary>Upper bound of every size setting (a wave, the parallelism).</summary>
    public const int MaxSize = 5000;

    /// <summary>The validation errors of an input's settings (field names as the API spells them); empty when valid.</summary>
    /// <param name="input">The input.</param>
    /// <returns>The errors.</returns>
    public static IReadOnlyList<FieldError> Validate(TemplateRolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        void Size(int? value, string field)
        {
            if (value is < 1 or > MaxSize)
            {
                errors.Add(new FieldError(field, $"{field} must be between 1 and {MaxSize}."));
            }
        }

        Size(input.CanarySize, "canary");
        Size(input.MaxWaveSize, "wave_size");
        Size(input.MaxParallel, "parallel");
        if (input.CanaryPercent is { } percent && (double.IsNaN(percent) || percent <= 0 || percent > 100))
        {
            errors.Add(new FieldError("canary_percent", "canary_percent must be greater than 0 and at most 100."));
        }

        if (input.FailureThreshold is { } threshold && (double.IsNaN(threshold) || threshold < 0 || threshold >= 1))
        {
            errors.Add(new FieldError("failure_threshold", "failure_threshold must be at least 0 and less than 1 (a share of a wave's sites)."));
        }

        return errors;
    }

    /// <summary>The sizes of the waves for <paramref name="siteCount"/> sites; they add up to it (empty for none).</summary>
    /// <param name="siteCount">Live sites.</param>
    /// <param name="input">Wave settings.</param>
    /// <returns>Wave sizes, canary first.</returns>
    public static IReadOnlyList<int> WaveSizes(int siteCount, TemplateRolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var waves = new List<int>();
        if (siteCount <= 0)
        {
            return waves;
        }

        var max = input.MaxWaveSize ?? DefaultMaxWaveSize;
        var canary = input.CanarySize
            ?? Math.Max(DefaultCanarySize, (int)Math.Ceiling(siteCount * (input.CanaryPercent ?? DefaultCanaryPercent) / 100));
        var size = Math.Min(canary, siteCount);
        waves.Add(size);
        var left = siteCount - size;
        while (left > 0)
        {
            // Double from the canary size (at least 2, so a canary of 1 still grows), capped by the maximum and what is left.
            size = Math.Min(Math.Min(Math.Max(size * 2, 2), Math.Max(max, 1)), left);
            waves.Add(size);
            left -= size;
        }

        return waves;
    }

    /// <summary>Whether a wave's failures stop the rollout: any in the canary wave; in later waves, a share above the threshold.</summary>
    /// <param name="wave">The wave's index (0: canary).</param>
    /// <param name="attempted">Sites of the wave that ran (busy sites that were skipped do not count).</param>
    /// <param name="failed">Sites of the wave whose redeploy or health check failed.</param>
    /// <param name="input">Settings.</param>
    /// <returns>True to stop and roll back.</returns>
    public static bool ShouldStop(int wave, int attempted, int failed, TemplateRolloutInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (failed == 0)
        {
            return false;
        }

        return wave == 0 || attempted == 0 || (double)failed / attempted > (input.FailureThreshold ?? DefaultFailureThreshold);
    }
}
