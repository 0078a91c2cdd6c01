using System.Globalization;
using System.Text.Json;
using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>Parses query-string values into typed values, collecting field errors instead of throwing.</summary>
public sealed class QueryValues(IQueryCollection query)
{
    /// <summary>Gets the errors found so far.</summary>
    public List<FieldError> Errors { get; } = [];

    /// <summary>A string value, or null when absent or empty.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value.</returns>
    public string? Text(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    /// <summary>An integer value.</summary>
    /// <param name="name">The parameter.</param>
    /// <param name="fallback">The default.</param>
    /// <returns>The value.</returns>
    public int Number(string name, int fallback)
    {
        var t = Text(name);
        if (t is null)
        {
            return fallback;
        }

        if (int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        Errors.Add(new FieldError(name, $"{name} must be an integer."));
        return fallback;
    }

    /// <summary>A boolean value.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value.</returns>
    public bool Bool(string name)
    {
        var t = Text(name);
        if (t is null)
        {
            return false;
        }

        if (bool.TryParse(t, out var b))
        {
            return b;
        }

        Errors.Add(new FieldError(name, $"{name} must be true or false."));
        return false;
    }

    /// <summary>A GUID value.</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value.</returns>
    public Guid? Id(string name)
    {
        var t = Text(name);
        if (t is null)
        {
            return null;
        }

        if (System.Guid.TryParse(t, out var g))
        {
            return g;
        }

        Errors.Add(new FieldError(name, $"{name} must be a UUID."));
        return null;
    }

    /// <summary>A date (yyyy-MM-dd).</summary>
    /// <param name="name">The parameter.</param>
    /// <returns>The value.</returns>
    public DateOnly? Date(string name)
    {
        var t = Text(name);
        if (t is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        Errors.Add(new FieldError(name, $"{name} must be a date (yyyy-MM-dd)."));
        return null;
    }

    /// <summary>An enum value by its snake_case name (e.g. <c>in_progress</c>).</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="name">The parameter.</param>
    /// <returns>The value.</returns>
    public T? Enum<T>(string name)
        where T : struct, Enum
    {
        var t = Text(name);
        if (t is null)
        {
            return null;
        }

        if (TryParseEnum<T>(t, out var value))
        {
            return value;
        }

        Errors.Add(new FieldError(name, $"{name} must be one of: {string.Join(", ", System.Enum.GetNames<T>().Select(Snake))}."));
        return null;
    }

    /// <summary>Parses an enum by its snake_case (or Pascal) name, never by number.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParseEnum<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var n in System.Enum.GetNames<T>())
        {
            if (string.Equals(Snake(n), text, StringComparison.OrdinalIgnoreCase) || string.Equals(n, text, StringComparison.OrdinalIgnoreCase))
            {
                value = System.Enum.Parse<T>(n);
                return true;
            }
        }

        return false;
    }

    /// <summary>The snake_case name of an identifier.</summary>
    /// <param name="name">A PascalCase name.</param>
    /// <returns>The snake_case name.</returns>
    public static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
