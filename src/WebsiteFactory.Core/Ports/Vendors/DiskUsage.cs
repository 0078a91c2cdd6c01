namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Usage of one file system, as <c>df -B1</c> reports it.</summary>
/// <param name="Mount">The mount point.</param>
/// <param name="SizeBytes">Size.</param>
/// <param name="UsedBytes">Used.</param>
/// <param name="AvailableBytes">Available to non-root users.</param>
public sealed record DiskUsage(string Mount, long SizeBytes, long UsedBytes, long AvailableBytes)
{
    /// <summary>Used share in percent, rounded up as <c>df</c> does (what is reserved for root counts as used).</summary>
    public int UsedPercent => UsedBytes + AvailableBytes <= 0 ? 0 : (int)Math.Ceiling(UsedBytes * 100.0 / (UsedBytes + AvailableBytes));
}
