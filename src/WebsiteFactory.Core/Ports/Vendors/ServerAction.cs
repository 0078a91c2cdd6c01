namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>The allow-list of actions the server console may run. Nothing outside it reaches a server.</summary>
public enum ServerAction
{
    /// <summary><c>reload-nginx</c>: <c>nginx -t</c>, and only when the configuration is valid, <c>systemctl reload nginx</c>.</summary>
    ReloadNginx,

    /// <summary><c>renew-certificate</c>: <c>clpctl lets-encrypt:install:certificate</c> for one site (skipped while the installed one stays valid 30 days).</summary>
    RenewCertificate,
}
