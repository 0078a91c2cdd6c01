using System.Text;

namespace WebsiteFactory.Conformance.Tests.Comparison;

/// <summary>A line diff (longest common subsequence) of two observations, for a readable assertion message.</summary>
internal static class LineDiff
{
    private const int Context = 2;

    /// <summary>
    /// The differing lines with <see cref="Context"/> lines around them and every instance header: unchanged lines prefixed
    /// with two spaces, reference-only lines with <c>-</c>, engine-only lines with <c>+</c>, skipped runs with <c>…</c>.
    /// </summary>
    public static string Format(IReadOnlyList<string> reference, IReadOnlyList<string> engine)
    {
        var ops = Diff(reference, engine);
        var show = new bool[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i].Mark != ' ')
            {
                for (var j = Math.Max(0, i - Context); j <= Math.Min(ops.Count - 1, i + Context); j++)
                {
                    show[j] = true;
                }
            }
            else if (ops[i].Line.StartsWith("instance ", StringComparison.Ordinal))
            {
                show[i] = true;
            }
        }

        var text = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < ops.Count; i++)
        {
            if (!show[i])
            {
                skipped = true;
                continue;
            }

            if (skipped)
            {
                text.AppendLine("  …");
                skipped = false;
            }

            text.Append(ops[i].Mark).Append(' ').AppendLine(ops[i].Line);
        }

        return text.ToString();
    }

    private static List<(char Mark, string Line)> Diff(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        var lcs = new int[a.Count + 1, b.Count + 1];
        for (var i = a.Count - 1; i >= 0; i--)
        {
            for (var j = b.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var ops = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Count || y < b.Count)
        {
            if (x < a.Count && y < b.Count && a[x] == b[y])
            {
                ops.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Count && (x == a.Count || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                ops.Add(('+', b[y++]));
            }
            else
            {
                ops.Add(('-', a[x++]));
            }
        }

        return ops;
    }
}
