using System.Collections.Frozen;
using System.Text;

namespace WebsiteFactory.Data.Repositories;

/// <summary>
/// Enum ↔ snake_case text, the spelling the CHECK constraints use (<c>HostingSite</c> ↔ <c>hosting_site</c>).
/// Text rather than PostgreSQL enums: adding a value is then a CHECK change, not an <c>ALTER TYPE</c>.
/// </summary>
internal static class DbEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> ToText =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => SnakeCase(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> FromText =
        ToText.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static string Text(TEnum value) =>
        ToText.TryGetValue(value, out var s) ? s : throw new ArgumentOutOfRangeException(nameof(value), value, $"Not a defined {typeof(TEnum).Name}.");

    public static string? Text(TEnum? value) => value is { } v ? Text(v) : null;

    public static TEnum Parse(string text) =>
        FromText.TryGetValue(text, out var v) ? v : throw new InvalidOperationException($"Unexpected {typeof(TEnum).Name} '{text}' in the database.");

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
