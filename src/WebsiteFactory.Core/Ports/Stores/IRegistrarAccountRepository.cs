using WebsiteFactory.Core.Domain;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>Store of registrar accounts (<see cref="RegistrarAccount"/>).</summary>
public interface IRegistrarAccountRepository : IEntityRepository<RegistrarAccount>
{
    /// <summary>Reads by <see cref="RegistrarAccount.AccountNickname"/>; null when absent.</summary>
    Task<RegistrarAccount?> GetByNicknameAsync(string nickname, CancellationToken cancellationToken = default);
}
