namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// The browser tests share one server and one Chromium (starting them is most of the cost) and run one class at a time,
/// so two test classes never fight over the two CPU cores with two browsers.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<DashboardHost>
{
    public const string Name = "Dashboard browser";
}
