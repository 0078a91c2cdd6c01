using System.Text.Json.Nodes;

namespace WebsiteFactory.Providers.Content;

/// <summary>The JSON schema sent as <c>response_format</c> (strict mode: every property required, no extras).</summary>
internal static class PageSchema
{
    public const string Name = "site_page";

    public static JsonObject Build(string slug) => new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("title", "slug", "meta_description", "body_markdown", "faq"),
        ["properties"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "string", ["description"] = "Page title, at most 70 characters." },
            // Pinned with enum: the slug is chosen by the operator, the model must echo it.
            ["slug"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(slug) },
            ["meta_description"] = new JsonObject { ["type"] = "string", ["description"] = "At most 155 characters." },
            ["body_markdown"] = new JsonObject { ["type"] = "string", ["description"] = "Article body in Markdown, no HTML, no H1." },
            ["faq"] = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["required"] = new JsonArray("question", "answer"),
                    ["properties"] = new JsonObject
                    {
                        ["question"] = new JsonObject { ["type"] = "string" },
                        ["answer"] = new JsonObject { ["type"] = "string" },
                    },
                },
            },
        },
    };
}
