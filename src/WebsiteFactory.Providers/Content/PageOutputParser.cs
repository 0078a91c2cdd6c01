using System.Text.Json;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Content;

/// <summary>Checks the model's JSON against the page schema; returns the page or a reason it is invalid.</summary>
internal static class PageOutputParser
{
    public const int MetaDescriptionMax = 160;

    public static GeneratedPage? TryParse(string? content, PageRequest request, int sort, out string? reason)
    {
        if (string.IsNullOrWhiteSpace(content))
        {
            reason = "the model returned empty content";
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            reason = $"the model output is not valid JSON ({ex.Message})";
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = "the model output is not a JSON object";
                return null;
            }

            var title = RequiredString(root, "title", out reason);
            var slug = reason is null ? RequiredString(root, "slug", out reason) : null;
            var meta = reason is null ? RequiredString(root, "meta_description", out reason) : null;
            var body = reason is null ? RequiredString(root, "body_markdown", out reason) : null;
            if (reason is not null)
            {
                return null;
            }

            if (!string.Equals(slug, request.Slug, StringComparison.Ordinal))
            {
                reason = $"the model returned slug '{Shorten(slug!)}' instead of '{request.Slug}'";
                return null;
            }

            if (!root.TryGetProperty("faq", out var faqElement) || faqElement.ValueKind != JsonValueKind.Array)
            {
                reason = "the model output has no 'faq' array";
                return null;
            }

            var faq = new List<FaqItem>();
            foreach (var item in faqElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    reason = "a 'faq' entry is not an object";
                    return null;
                }

                var q = RequiredString(item, "question", out reason);
                var a = reason is null ? RequiredString(item, "answer", out reason) : null;
                if (reason is not null)
                {
                    reason = "faq: " + reason;
                    return null;
                }

                faq.Add(new FaqItem(q!.Trim(), a!.Trim()));
            }

            reason = null;
            return new GeneratedPage
            {
                Slug = request.Slug,
                Title = title!.Trim(),
                MetaDescription = TrimMeta(meta!.Trim()),
                BodyMarkdown = body!.Trim(),
                Faq = faq,
                Sort = sort,
            };
        }
    }

    private static string? RequiredString(JsonElement obj, string name, out string? reason)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            reason = $"required string '{name}' is missing";
            return null;
        }

        var s = value.GetString();
        if (string.IsNullOrWhiteSpace(s))
        {
            reason = $"'{name}' is empty";
            return null;
        }

        reason = null;
        return s;
    }

    // Search engines cut longer descriptions anyway; trimming at a word boundary beats burning another model call.
    private static string TrimMeta(string meta)
    {
        if (meta.Length <= MetaDescriptionMax)
        {
            return meta;
        }

        var cut = meta.LastIndexOf(' ', MetaDescriptionMax - 1);
        return (cut > MetaDescriptionMax / 2 ? meta[..cut] : meta[..(MetaDescriptionMax - 1)]).TrimEnd() + "…";
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
