namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>A simulated DNS record.</summary>
internal sealed class SimRecord
{
    public required string Id { get; init; }
    public required string Type { get; set; }
    public required string Name { get; set; }
    public required string Content { get; set; }
    public int Ttl { get; set; } = 1;
    public bool Proxied { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset CreatedOn { get; init; }
    public DateTimeOffset ModifiedOn { get; set; }
}
