using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Store of Search Console accounts (<see cref="GscAccount"/>).</summary>
public interface IGscAccountRepository : IEntityRepository<GscAccount>
{
    /// <summary>Reads by <see cref="GscAccount.AccountNickname"/>; null when absent.</summary>
    Task<GscAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default);
}
