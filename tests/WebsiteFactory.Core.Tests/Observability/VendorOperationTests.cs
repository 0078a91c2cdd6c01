using WebsiteFactory.Core.Observability;

namespace WebsiteFactory.Core.Tests.Observability;

public sealed class VendorOperationTests
{
    [Theory]
    [InlineData("POST", "zones", "zones", VendorOperationKind.Create)]
    [InlineData("GET", "zones?name=example.com&account.id=abc123&per_page=50", "zones", VendorOperationKind.Read)]
    [InlineData("PUT", "zones/023e105f4ecef8ad9ca31a8372d0c353/dns_records/372e67954025e0ba6aaa6d586b9e0b59", "zones.dns_records", VendorOperationKind.Update)]
    [InlineData("DELETE", "zones/023e105f4ecef8ad9ca31a8372d0c353", "zones", VendorOperationKind.Delete)]
    [InlineData("PUT", "zones/023e105f4ecef8ad9ca31a8372d0c353/activation_check", "zones.activation_check", VendorOperationKind.Update)]
    [InlineData("PUT", "domains/example.com/nameservers", "domains.nameservers", VendorOperationKind.Update)]
    [InlineData("POST", "https://www.googleapis.com/siteVerification/v1/token", "siteVerification.token", VendorOperationKind.Create)]
    [InlineData("GET", "https://www.googleapis.com/webmasters/v3/sites/sc-domain%3Aexample.com", "webmasters.sites", VendorOperationKind.Read)]
    [InlineData("PATCH", "/items/pages/0f8fad5b-d9cb-469f-a165-70867728950e", "items.pages", VendorOperationKind.Update)]
    public void FromRest_PathWithIds_NamesTheResourceAndKindFollowsTheMethod(string method, string path, string name, VendorOperationKind kind)
    {
        var op = VendorOperation.FromRest(new HttpMethod(method), path);

        Assert.Equal(name, op.Name);
        Assert.Equal(kind, op.Kind);
    }

    [Theory]
    [InlineData("SitesManager.addSite", VendorOperationKind.Create, "create")]
    [InlineData("SitesManager.deleteSite", VendorOperationKind.Delete, "delete")]
    [InlineData("SitesManager.updateSite", VendorOperationKind.Update, "update")]
    [InlineData("SitesManager.getSitesIdFromSiteUrl", VendorOperationKind.Read, "read")]
    [InlineData("namecheap.domains.dns.setCustom", VendorOperationKind.Update, "update")]
    [InlineData("namecheap.domains.dns.getList", VendorOperationKind.Read, "read")]
    public void FromRpc_MethodName_KindFollowsTheVerb(string method, VendorOperationKind kind, string kindName)
    {
        var op = VendorOperation.FromRpc(method);

        Assert.Equal(method, op.Name);
        Assert.Equal(kind, op.Kind);
        Assert.Equal(kindName, op.KindName);
    }
}
