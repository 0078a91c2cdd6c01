namespace WebsiteFactory.Simulators.Cloudflare;

/// <summary>A simulated zone.</summary>
internal sealed class SimZone
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string AccountId { get; init; }
    public required string AccountName { get; init; }
    public required IReadOnlyList<string> NameServers { get; init; }
    public required IReadOnlyList<string> OriginalNameServers { get; init; }
    public required DateTimeOffset CreatedOn { get; init; }
    public DateTimeOffset ModifiedOn { get; set; }
    public DateTimeOffset? ActivatedOn { get; set; }
    public DateTimeOffset? LastActivationCheck { get; set; }
    public string Status { get; set; } = "pending";
    public List<SimRecord> Records { get; } = [];
}
