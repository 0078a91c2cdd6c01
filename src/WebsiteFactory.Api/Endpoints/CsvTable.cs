using System.Text;

namespace WebsiteFactory.Api.Endpoints;

/// <summary>A minimal RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF line ends, a header row.</summary>
public static class CsvTable
{
    /// <summary>Parses CSV text into rows of fields.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="error">Why parsing failed, or null.</param>
    /// <returns>The rows (the first is the header), or null on error.</returns>
    public static List<string[]>? Parse(string text, out string? error)
    {
        error = null;
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    AddRow(rows, fields);
                    fields.Clear();
                    line++;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            error = $"Unterminated quoted field starting before line {line}.";
            return null;
        }

        fields.Add(field.ToString());
        AddRow(rows, fields);
        return rows;
    }

    private static void AddRow(List<string[]> rows, List<string> fields)
    {
        // Blank lines (a single empty field) are skipped, e.g. the one after a trailing newline.
        if (fields.Count == 1 && fields[0].Length == 0)
        {
            return;
        }

        rows.Add([.. fields.Select(f => f.Trim())]);
    }
}
