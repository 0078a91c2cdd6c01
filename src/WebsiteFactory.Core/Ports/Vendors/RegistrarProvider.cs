namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>Registrars the product can drive (<c>registrar_accounts.provider</c>).</summary>
public enum RegistrarProvider
{
    /// <summary>Namecheap XML API.</summary>
    Namecheap,
    /// <summary>Spaceship REST API.</summary>
    Spaceship,
}
