using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Store of cloudflare accounts (<see cref="CloudflareAccount"/>).</summary>
public interface ICloudflareAccountRepository : IEntityRepository<CloudflareAccount>
{
    /// <summary>Reads by <see cref="CloudflareAccount.AccountNickname"/>; null when absent.</summary>
    Task<CloudflareAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default);
}
