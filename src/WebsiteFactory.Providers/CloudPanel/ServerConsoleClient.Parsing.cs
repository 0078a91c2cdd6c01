using System.Globalization;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.CloudPanel;

/// <summary>Reading what the fixed commands print (systemctl show, /proc, GNU df, openssl x509, tail).</summary>
public sealed partial class ServerConsoleClient
{
    /// <summary>Reads <c>systemctl show</c> blocks, then <c>/proc/loadavg</c>, <c>/proc/meminfo</c> and <c>/proc/uptime</c> after their markers.</summary>
    internal static ServerHealth? ParseHealth(string output, IReadOnlyList<string> services)
    {
        var sections = Sections(output);
        var units = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? block = null;
        foreach (var line in sections.GetValueOrDefault(string.Empty, []))
        {
            if (line.Length == 0)
            {
                block = null;
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            block ??= [];
            block[line[..eq]] = line[(eq + 1)..];
            if (line.StartsWith("Id=", StringComparison.Ordinal))
            {
                units[line[3..]] = block;
            }
        }

        var states = services.Select(name =>
        {
            if (!units.TryGetValue(name + ".service", out var u))
            {
                return new ServiceState(name, "unknown", "unknown", true);
            }

            var installed = u.GetValueOrDefault("LoadState") is not ("not-found" or "masked");
            return new ServiceState(name, u.GetValueOrDefault("ActiveState") ?? "unknown", u.GetValueOrDefault("SubState") ?? "unknown", installed);
        }).ToList();

        var load = sections.GetValueOrDefault("loadavg", []).FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (load is not { Length: >= 3 }
            || !double.TryParse(load[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var l1)
            || !double.TryParse(load[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var l5)
            || !double.TryParse(load[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var l15))
        {
            return null;
        }

        long MemKb(string key)
        {
            var line = sections.GetValueOrDefault("meminfo", []).FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            var parts = line?[(key.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts is { Length: > 0 } && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : 0;
        }

        var uptimeText = sections.GetValueOrDefault("uptime", []).FirstOrDefault()?.Split(' ')[0];
        var uptime = double.TryParse(uptimeText, NumberStyles.Float, CultureInfo.InvariantCulture, out var up) ? (long)up : 0;
        return new ServerHealth(states, l1, l5, l15, MemKb("MemTotal") * 1024, MemKb("MemAvailable") * 1024, uptime);
    }

    /// <summary>Reads GNU <c>df -B1 --output=target,size,used,avail</c> (header skipped, one row per distinct mount).</summary>
    internal static IReadOnlyList<DiskUsage> ParseDisk(string output)
    {
        var rows = new List<DiskUsage>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            // The mount point is the first column and may contain spaces: the three numbers are the last three words.
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 4
                && long.TryParse(words[^3], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(words[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var used)
                && long.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var avail))
            {
                var mount = string.Join(' ', words[..^3]);
                if (!rows.Exists(r => r.Mount == mount))
                {
                    rows.Add(new DiskUsage(mount, size, used, avail));
                }
            }
        }

        return rows;
    }

    /// <summary>Reads the per-file blocks of the certificate loop: the file name after the marker, then openssl's lines.</summary>
    internal static IReadOnlyList<CertificateExpiry> ParseCertificates(string output)
    {
        var list = new List<CertificateExpiry>();
        foreach (var (file, lines) in Sections(output))
        {
            if (!file.EndsWith(".crt", StringComparison.Ordinal))
            {
                continue;
            }

            var domain = file[..^4];
            var end = lines.FirstOrDefault(l => l.StartsWith("notAfter=", StringComparison.Ordinal))?["notAfter=".Length..];
            var issuer = lines.FirstOrDefault(l => l.StartsWith("issuer=", StringComparison.Ordinal))?["issuer=".Length..].Trim();
            var notAfter = end is not null && TryParseOpenSslDate(end, out var at) ? at : (DateTimeOffset?)null;
            list.Add(new CertificateExpiry(domain, notAfter, issuer, notAfter is null ? OneLine(string.Join(' ', lines)) : null));
        }

        return [.. list.OrderBy(c => c.Domain, StringComparer.Ordinal)];
    }

    /// <summary>openssl's <c>notAfter</c>: <c>Mar  5 12:00:00 2027 GMT</c> (day padded with a space).</summary>
    internal static bool TryParseOpenSslDate(string text, out DateTimeOffset value)
    {
        var normal = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return DateTimeOffset.TryParseExact(normal, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    /// <summary>
    /// Splits log output into lines; control characters other than tab (terminal escapes a client put in its user agent) are
    /// replaced, so neither the CLI's terminal nor a log viewer interprets them.
    /// </summary>
    internal static IReadOnlyList<string> SplitLogLines(string output)
    {
        var lines = output.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return [.. lines.Take(count).Select(l => string.Create(l.TrimEnd('\r').Length, l.TrimEnd('\r'), (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = char.IsControl(src[i]) && src[i] != '\t' ? '\uFFFD' : src[i];
            }
        }))];
    }

    private static Dictionary<string, List<string>> Sections(string output)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [string.Empty] = [] };
        var current = sections[string.Empty];
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(Marker, StringComparison.Ordinal))
            {
                current = sections[line[Marker.Length..]] = [];
                continue;
            }

            current.Add(line.Trim());
        }

        return sections;
    }

    private static string OneLine(string? text)
    {
        text = (text ?? string.Empty).Replace('\n', ' ').Replace('\r', ' ').Trim();
        return text.Length > 400 ? text[..400] : text;
    }
}
