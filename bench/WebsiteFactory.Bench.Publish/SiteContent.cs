using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Bench.Publish;

/// <summary>Deterministic page content the size of a generated site: a handful of ~600-word articles with FAQs.</summary>
internal static class SiteContent
{
    private static readonly string[] Topics = ["beginners-guide", "best-equipment", "common-mistakes", "step-by-step", "buying-guide", "faq-answered", "advanced-tips", "maintenance"];

    public static IReadOnlyList<GeneratedPage> Pages(int site, int count = 6)
    {
        var pages = new List<GeneratedPage>();
        for (var p = 0; p < count; p++)
        {
            var topic = Topics[p % Topics.Length];
            var body = new StringBuilder();
            for (var section = 0; section < 5; section++)
            {
                body.Append(CultureInfo.InvariantCulture, $"## Section {section + 1}: {topic.Replace('-', ' ')} for site {site}\n\n");
                for (var para = 0; para < 2; para++)
                {
                    body.Append(CultureInfo.InvariantCulture, $"Paragraph {para + 1} of section {section + 1}. Roasting at home rewards patience: ");
                    body.Append("watch the colour, listen for the first crack, cool the beans quickly and rest them for a day before brewing. ");
                    body.Append("Small batches keep the heat even, and a notebook of times and temperatures turns guesses into a repeatable recipe.\n\n");
                }

                body.Append("- keep batches small\n- write down every roast\n- cool quickly\n\n");
            }

            pages.Add(new GeneratedPage
            {
                Slug = topic,
                Title = $"{Capitalise(topic.Replace('-', ' '))} (site {site})",
                MetaDescription = $"Everything about {topic.Replace('-', ' ')} for home coffee roasting, site {site}.",
                BodyMarkdown = body.ToString(),
                Faq = [new FaqItem("How long does a roast take?", "Ten to fifteen minutes."), new FaqItem("Do I need a special roaster?", "No: a popcorn popper works."), new FaqItem("How long do beans rest?", "At least a day.")],
                Sort = p,
            });
        }

        return pages;
    }

    /// <summary>The <c>site.json</c> the template reads (same shape as the builder writes), for the naive baseline build.</summary>
    public static string SiteJson(SiteBuildRequest r)
    {
        var pages = new JsonArray();
        foreach (var p in r.Pages.OrderBy(p => p.Sort).ThenBy(p => p.Slug, StringComparer.Ordinal))
        {
            var faq = new JsonArray();
            foreach (var f in p.Faq)
            {
                faq.Add(new JsonObject { ["question"] = f.Question, ["answer"] = f.Answer });
            }

            pages.Add(new JsonObject { ["slug"] = p.Slug, ["title"] = p.Title, ["metaDescription"] = p.MetaDescription, ["bodyMarkdown"] = p.BodyMarkdown, ["faq"] = faq });
        }

        return new JsonObject
        {
            ["domain"] = r.Domain.Value,
            ["brand"] = r.Brand,
            ["language"] = r.Language,
            ["matomo"] = r.MatomoUrl is not null && r.MatomoSiteId is { } id ? new JsonObject { ["url"] = r.MatomoUrl.AbsoluteUri, ["siteId"] = id } : null,
            ["googleSiteVerification"] = r.GoogleSiteVerification,
            ["pages"] = pages,
        }.ToJsonString();
    }

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
