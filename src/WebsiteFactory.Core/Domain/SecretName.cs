using System.Diagnostics.CodeAnalysis;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// The name of a secret in <see cref="Ports.ISecretStore"/>: <c>[A-Za-z0-9-]{1,127}</c>, Key Vault's own rule, so the same
/// names work on the local store and in Azure. Tables and orchestration payloads carry these names, never values.
/// </summary>
/// <remarks>
/// Key Vault treats names case-insensitively, so equality here is case-insensitive too and the local store folds case;
/// a name that works locally then means the same secret in Azure. Only letters, digits and hyphens survive validation,
/// so a name is also safe as a file name (the local store uses it as one).
/// </remarks>
public sealed class SecretName : IEquatable<SecretName>, IParsable<SecretName>
{
    /// <summary>Maximum length (Key Vault's limit).</summary>
    public const int MaxLength = 127;

    private SecretName(string value) => Value = value;

    /// <summary>The name as given (case preserved).</summary>
    public string Value { get; }

    /// <summary>Parses a secret name; throws <see cref="FormatException"/> with a clear reason.</summary>
    public static SecretName Parse(string? input) =>
        Require(input);

    /// <inheritdoc />
    public static SecretName Parse(string s, IFormatProvider? provider) => Require(s);

    /// <inheritdoc />
    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, [MaybeNullWhen(false)] out SecretName result) =>
        TryParse(s, out result, out _);

    /// <summary>Parses a secret name, returning a reason on failure.</summary>
    public static bool TryParse([NotNullWhen(true)] string? input, [NotNullWhen(true)] out SecretName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        if (string.IsNullOrEmpty(input))
        {
            error = "Secret name is empty.";
            return false;
        }

        if (input.Length > MaxLength)
        {
            error = $"Secret name is longer than {MaxLength} characters.";
            return false;
        }

        foreach (var c in input)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                error = "Secret name may contain only letters, digits and hyphens (A-Z, a-z, 0-9, -).";
                return false;
            }
        }

        error = null;
        name = new SecretName(input);
        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid secret name.</summary>
    public static void Validate(string? name, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(name))] string? paramName = null)
    {
        if (!TryParse(name, out _, out var error))
        {
            throw new ArgumentException(error, paramName);
        }
    }

    private static SecretName Require(string? input) =>
        TryParse(input, out var parsed, out var error) ? parsed : throw new FormatException(error);

    /// <inheritdoc />
    public bool Equals(SecretName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SecretName);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>The name.</summary>
    public override string ToString() => Value;

    /// <summary>Equality, ignoring case.</summary>
    public static bool operator ==(SecretName? left, SecretName? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality, ignoring case.</summary>
    public static bool operator !=(SecretName? left, SecretName? right) => !(left == right);
}
