using System.Diagnostics.CodeAnalysis;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// An absolute POSIX path on a remote server whose segments are limited to <c>[A-Za-z0-9._-]</c> (no <c>.</c> or
/// <c>..</c> segments, no empty segments, no trailing slash), at most 4096 characters. Safe to pass to a remote shell or
/// rsync (still quote it).
/// </summary>
public sealed class RemotePath : IEquatable<RemotePath>, IParsable<RemotePath>
{
    /// <summary>Maximum length (Linux <c>PATH_MAX</c>).</summary>
    public const int MaxLength = 4096;

    private RemotePath(string value) => Value = value;

    /// <summary>The path.</summary>
    public string Value { get; }

    /// <summary>CloudPanel's document root of a site: <c>/home/{siteUser}/htdocs/{domain}</c>.</summary>
    public static RemotePath ForDocRoot(SiteUser siteUser, DomainName domain)
    {
        ArgumentNullException.ThrowIfNull(siteUser);
        ArgumentNullException.ThrowIfNull(domain);
        return Require($"/home/{siteUser.Value}/htdocs/{domain.Value}");
    }

    /// <summary>Appends one validated segment.</summary>
    /// <exception cref="FormatException">The segment is not allowed.</exception>
    public RemotePath Append(string segment) =>
        Require(Value == "/" ? "/" + segment : Value + "/" + segment);

    /// <summary>Parses a remote path; throws <see cref="FormatException"/> with a clear reason.</summary>
    public static RemotePath Parse(string? input) =>
        Require(input);

    /// <inheritdoc />
    public static RemotePath Parse(string s, IFormatProvider? provider) => Require(s);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out RemotePath result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a remote path, returning a reason on failure.</summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out RemotePath? path, [NotNullWhen(false)] out string? error)
    {
        path = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "Path is empty.";
            return false;
        }

        if (input.Length > MaxLength)
        {
            error = $"Path is longer than {MaxLength} characters.";
            return false;
        }

        if (input[0] != '/')
        {
            error = "Path must be absolute (start with '/').";
            return false;
        }

        if (input != "/")
        {
            var segments = input[1..].Split('/');
            foreach (var segment in segments)
            {
                if (segment.Length == 0)
                {
                    error = "Path must not contain empty segments or end with '/'.";
                    return false;
                }

                if (segment is "." or "..")
                {
                    error = "Path must not contain '.' or '..' segments.";
                    return false;
                }

                foreach (var c in segment)
                {
                    if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                    {
                        error = "Path segments may contain only letters, digits, '.', '_' and '-'.";
                        return false;
                    }
                }
            }
        }

        error = null;
        path = new RemotePath(input);
        return true;
    }

    private static RemotePath Require(string? input) =>
        TryParse(input, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <inheritdoc />
    public bool Equals(RemotePath? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RemotePath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>The path.</summary>
    public override string ToString() => Value;

    /// <summary>Equality.</summary>
    public static bool operator ==(RemotePath? left, RemotePath? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RemotePath? left, RemotePath? right) => !(left == right);
}
