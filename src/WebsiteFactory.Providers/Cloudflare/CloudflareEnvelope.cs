using System.Text.Json;
using System.Text.Json.Serialization;

namespace WebsiteFactory.Providers.Cloudflare;

/// <summary>The v4 response envelope.</summary>
internal sealed record CloudflareEnvelope
{
    [JsonPropertyName("success")]
    public bool Success { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<CloudflareMessage> Errors { get; init; } = [];

    [JsonPropertyName("result")]
    public JsonElement Result { get; init; }

    [JsonPropertyName("result_info")]
    public CloudflareResultInfo? ResultInfo { get; init; }
}

/// <summary>One error or message.</summary>
internal sealed record CloudflareMessage([property: JsonPropertyName("code")] int Code, [property: JsonPropertyName("message")] string? Message);

/// <summary>Pagination info.</summary>
internal sealed record CloudflareResultInfo([property: JsonPropertyName("page")] int Page, [property: JsonPropertyName("total_pages")] int TotalPages);

/// <summary>Zone fields we read.</summary>
internal sealed record CloudflareZoneDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("name_servers")] IReadOnlyList<string>? NameServers,
    [property: JsonPropertyName("account")] CloudflareAccountRef? Account);

/// <summary>Account reference.</summary>
internal sealed record CloudflareAccountRef([property: JsonPropertyName("id")] string Id);

/// <summary>Record fields we read.</summary>
internal sealed record CloudflareRecordDto(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("ttl")] int Ttl,
    [property: JsonPropertyName("proxied")] bool Proxied,
    [property: JsonPropertyName("comment")] string? Comment = null);
