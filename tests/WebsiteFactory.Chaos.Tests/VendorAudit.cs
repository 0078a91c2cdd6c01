using System.Text.Json.Nodes;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>Checks the vendors' state per site against "exactly one of each" and prints the counts.</summary>
internal static class VendorAudit
{
    private static readonly string[] Singles = ["zones", "ns_changes", "cloudpanel_sites", "certificates", "matomo_sites"];

    /// <summary>Problems of sites that must be complete: anything other than exactly one zone, record set, NS change,
    /// CloudPanel site, certificate, Matomo site and page set (no duplicate record or page), and a verified property.</summary>
    /// <param name="state">The simulators' state.</param>
    /// <param name="domains">The sites to check.</param>
    public static List<string> ExactlyOnce(JsonObject state, IEnumerable<string> domains)
    {
        var problems = new List<string>();
        foreach (var d in domains)
        {
            var s = state[d]!.AsObject();
            foreach (var name in Singles)
            {
                var n = s[name]!.GetValue<int>();
                if (n != 1)
                {
                    problems.Add($"{d}: {name} = {n}");
                }
            }

            problems.AddRange(Duplicates(d, s));
            if (s["pages"]!.GetValue<int>() == 0)
            {
                problems.Add($"{d}: no pages");
            }

            if (!s["gsc_property"]!.GetValue<bool>())
            {
                problems.Add($"{d}: no Search Console property");
            }
        }

        return problems;
    }

    /// <summary>Problems of sites in any state: more than one of anything.</summary>
    public static List<string> AtMostOnce(JsonObject state, IEnumerable<string> domains)
    {
        var problems = new List<string>();
        foreach (var d in domains)
        {
            var s = state[d]!.AsObject();
            problems.AddRange(Singles.Where(name => s[name]!.GetValue<int>() > 1).Select(name => $"{d}: {name} = {s[name]}"));
            problems.AddRange(Duplicates(d, s));
        }

        return problems;
    }

    private static IEnumerable<string> Duplicates(string d, JsonObject s)
    {
        if (s["duplicate_records"]!.GetValue<string>() is { Length: > 0 } dup)
        {
            yield return $"{d}: duplicate DNS records {dup}";
        }

        if (s["duplicate_pages"]!.GetValue<int>() > 0)
        {
            yield return $"{d}: {s["duplicate_pages"]} duplicate pages";
        }
    }

    /// <summary>One line of totals: how many of each object exist, and how many sites have more than one.</summary>
    public static string Summary(JsonObject state, IReadOnlyCollection<string> domains)
    {
        string Count(string name) =>
            $"{name} {domains.Sum(d => state[d]![name]!.GetValue<int>())} (dup {domains.Count(d => state[d]![name]!.GetValue<int>() > 1)})";

        var dupRecords = domains.Count(d => state[d]!["duplicate_records"]!.GetValue<string>().Length > 0);
        var dupPages = domains.Sum(d => state[d]!["duplicate_pages"]!.GetValue<int>());
        return $"vendors over {domains.Count} sites: {Count("zones")}, records {domains.Sum(d => state[d]!["records"]!.GetValue<int>())} (sites with duplicate records {dupRecords}), "
            + $"{Count("ns_changes")}, {Count("cloudpanel_sites")}, {Count("certificates")}, {Count("matomo_sites")}, pages {domains.Sum(d => state[d]!["pages"]!.GetValue<int>())} (dup {dupPages}); "
            + $"clpctl site:add calls {domains.Sum(d => state[d]!["cloudpanel_add_calls"]!.GetValue<int>())}, certificate calls {domains.Sum(d => state[d]!["certificate_calls"]!.GetValue<int>())}; totals {state["_totals"]!.ToJsonString()}";
    }
}
