using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>A validated request for the tail of a site's nginx log. Build it with <see cref="TryCreate"/>.</summary>
public sealed record SiteLogQuery
{
    /// <summary>Most lines one request may ask for.</summary>
    public const int MaxLines = 1000;

    /// <summary>Longest filter text.</summary>
    public const int MaxFilterLength = 200;

    /// <summary>Longer log lines are cut to this many characters.</summary>
    public const int MaxLineLength = 4000;

    private SiteLogQuery(SiteUser siteUser, SiteLogKind kind, int lines, string? filter)
    {
        SiteUser = siteUser;
        Kind = kind;
        Lines = lines;
        Filter = filter;
    }

    /// <summary>The site's Linux user (its home holds <c>logs/nginx</c>).</summary>
    public SiteUser SiteUser { get; }

    /// <summary>Access or error log.</summary>
    public SiteLogKind Kind { get; }

    /// <summary>How many lines (1-<see cref="MaxLines"/>).</summary>
    public int Lines { get; }

    /// <summary>Only lines containing this text (case-insensitive, taken literally), or null for all.</summary>
    public string? Filter { get; }

    /// <summary>Validates the parts of a log request.</summary>
    /// <param name="siteUser">The site user.</param>
    /// <param name="kind">The log.</param>
    /// <param name="lines">1-<see cref="MaxLines"/>.</param>
    /// <param name="filter">Null/empty for none; else 1-<see cref="MaxFilterLength"/> characters without control characters.</param>
    /// <param name="errors">Field errors (<c>lines</c>, <c>filter</c>) when invalid.</param>
    /// <returns>The query, or null with <paramref name="errors"/> filled.</returns>
    public static SiteLogQuery? TryCreate(SiteUser siteUser, SiteLogKind kind, int lines, string? filter, out IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(siteUser);
        var found = new List<FieldError>();
        if (lines is < 1 or > MaxLines)
        {
            found.Add(new FieldError("lines", $"Lines must be between 1 and {MaxLines}."));
        }

        if (string.IsNullOrEmpty(filter))
        {
            filter = null;
        }
        else if (filter.Length > MaxFilterLength)
        {
            found.Add(new FieldError("filter", $"The filter must have at most {MaxFilterLength} characters."));
        }
        else if (filter.Any(char.IsControl))
        {
            found.Add(new FieldError("filter", "The filter must not contain control characters (tabs, line breaks, NUL)."));
        }

        errors = found;
        return found.Count == 0 && Enum.IsDefined(kind) ? new SiteLogQuery(siteUser, kind, lines, filter) : null;
    }
}
