using System.Text.RegularExpressions;

namespace WebsiteFactory.Engine.Storage;

/// <summary>Validation of identifiers spliced into SQL text.</summary>
internal static partial class SqlText
{
    /// <summary>Throws unless <paramref name="schema"/> is a plain lower-case identifier (it is spliced into SQL).</summary>
    public static void ValidateSchema(string schema)
    {
        if (string.IsNullOrEmpty(schema) || !SchemaPattern().IsMatch(schema))
        {
            throw new ArgumentException($"The engine schema name '{schema}' is not a plain lower-case SQL identifier.", nameof(schema));
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,40}$")]
    private static partial Regex SchemaPattern();
}
