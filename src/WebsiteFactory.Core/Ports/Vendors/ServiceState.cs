namespace WebsiteFactory.Core.Ports.Vendors;

/// <summary>One systemd unit as <c>systemctl show</c> reports it.</summary>
/// <param name="Name">The unit name without <c>.service</c> (e.g. <c>nginx</c>, <c>php8.3-fpm</c>).</param>
/// <param name="ActiveState"><c>active</c>, <c>inactive</c>, <c>failed</c>, <c>activating</c>… or <c>unknown</c>.</param>
/// <param name="SubState"><c>running</c>, <c>dead</c>, <c>exited</c>…</param>
/// <param name="Installed">False when the unit does not exist on the server (<c>LoadState=not-found</c>).</param>
public sealed record ServiceState(string Name, string ActiveState, string SubState, bool Installed)
{
    /// <summary>True when the unit is installed and active.</summary>
    public bool Running => Installed && ActiveState == "active";
}
