using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Providers.Tests.Vendors;

public sealed class CloudflareClientTests : IAsyncLifetime
{
    private const string Spf = "v=spf1 include:_spf.google.com ~all";

    private VendorTestHost _host = null!;

    public async Task InitializeAsync() => _host = await VendorTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EnsureZone_CalledTwice_CreatesOneZoneAndReturnsAssignedNameservers()
    {
        var cf = _host.Get<ICloudflareClient>();
        var domain = DomainName.Parse("twice.com", CultureInfo.InvariantCulture);
        var first = await cf.EnsureZoneAsync(_host.Cloudflare1, domain);
        var second = await cf.EnsureZoneAsync(_host.Cloudflare1, domain);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(ZoneStatus.Pending, first.Status);
        Assert.Equal(2, first.NameServers.Count);
        Assert.All(first.NameServers, ns => Assert.EndsWith(".ns.cloudflare.com", ns, StringComparison.Ordinal));
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountZones("twice.com"));
    }

    [Fact]
    public async Task EnsureZone_HeldByAnotherAccount_FailsPermanentlyAndSaysSo()
    {
        var cf = _host.Get<ICloudflareClient>();
        var domain = DomainName.Parse("elsewhere.com", CultureInfo.InvariantCulture);
        await cf.EnsureZoneAsync(_host.Cloudflare2, domain);
        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.EnsureZoneAsync(_host.Cloudflare1, domain));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("1061", e.VendorCode);
        Assert.Contains("another Cloudflare account", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpsertRecord_RepeatedAndChanged_KeepsOneRecordWithLatestContent()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("records.com", CultureInfo.InvariantCulture));
        var a1 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.10"));
        var a2 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.10"));
        var a3 = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "records.com", "192.0.2.11"));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("CNAME", "www.records.com", "records.com"));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("CNAME", "www.records.com", "records.com"));
        Assert.Equal(a1.Id, a2.Id);
        Assert.Equal(a1.Id, a3.Id);
        Assert.Equal("192.0.2.11", a3.Content);
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountRecords("records.com", "A"));
        Assert.Equal(1, _host.Simulators.State.Cloudflare.CountRecords("records.com", "CNAME"));
    }

    [Fact]
    public async Task UpsertRecord_VerificationTxtAtApexWithSpf_AddsRecordBesideSpfAndLeavesSpfUnchanged()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("spf.com", CultureInfo.InvariantCulture));
        var spf = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("TXT", "spf.com", Spf, 3600));

        var token = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("TXT", "spf.com", "google-site-verification=Tok3nAbC", 1, false, "website-factory: Search Console"));

        var txt = await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "TXT", "spf.com");
        Assert.NotEqual(spf.Id, token.Id);
        Assert.Equal("google-site-verification=Tok3nAbC", token.Content);
        Assert.Equal(2, txt.Count);
        var spfNow = Assert.Single(txt, r => r.Id == spf.Id);
        Assert.Equal((Spf, 3600), (spfNow.Content, spfNow.Ttl));
        Assert.Single(txt, r => r.Id == token.Id && r.Content == "google-site-verification=Tok3nAbC");
    }

    [Fact]
    public async Task UpsertRecord_SameTxtTwiceBesideSpf_KeepsOneVerificationRecord()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("twice-txt.com", CultureInfo.InvariantCulture));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("TXT", "twice-txt.com", Spf));
        var spec = new DnsRecordSpec("TXT", "twice-txt.com", "google-site-verification=same-token");

        var first = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, spec);
        var received = _host.Simulators.State.Cloudflare.ReceivedCount;
        var second = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, spec);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(received + 1, _host.Simulators.State.Cloudflare.ReceivedCount); // one list, no write
        var txt = await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "TXT", "twice-txt.com");
        Assert.Equal(new[] { "google-site-verification=same-token", Spf }, txt.Select(r => r.Content).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UpsertRecord_TxtCreateAnswersIdenticalRecordExists_ConvergesOnExistingRecord()
    {
        // The first TXT listing comes back empty (a create that raced us, or whose response was lost), so the client
        // POSTs a value that already exists and Cloudflare answers 81058; the client must re-read and return that record.
        var stale = new StaleTxtListHandler();
        await using var host = await VendorTestHost.StartAsync(configure: s => s.AddHttpClient(nameof(ICloudflareClient)).AddHttpMessageHandler(() => stale));
        var cf = host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(host.Cloudflare1, DomainName.Parse("race.com", CultureInfo.InvariantCulture));
        var spec = new DnsRecordSpec("TXT", "race.com", "google-site-verification=raced");
        stale.Enabled = false;
        var original = await cf.UpsertRecordAsync(host.Cloudflare1, zone.Id, spec);
        stale.Enabled = true;

        var again = await cf.UpsertRecordAsync(host.Cloudflare1, zone.Id, spec);

        Assert.Equal(1, stale.Hidden);
        Assert.Equal(original.Id, again.Id);
        Assert.Equal(1, host.Simulators.State.Cloudflare.CountRecords("race.com", "TXT"));
    }

    [Fact]
    public async Task UpsertRecord_ARecordWithOtherAddress_ReplacesItInsteadOfAddingOne()
    {
        var cf = _host.Get<ICloudflareClient>();
        var zone = await cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("move.com", CultureInfo.InvariantCulture));
        await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("TXT", "move.com", Spf));
        var old = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "move.com", "192.0.2.20", 300));

        var moved = await cf.UpsertRecordAsync(_host.Cloudflare1, zone.Id, new DnsRecordSpec("A", "move.com", "192.0.2.21", 300));

        Assert.Equal(old.Id, moved.Id);
        var a = Assert.Single(await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "A", "move.com"));
        Assert.Equal(("192.0.2.21", 300), (a.Content, a.Ttl));
        Assert.Equal(Spf, Assert.Single(await cf.ListRecordsAsync(_host.Cloudflare1, zone.Id, "TXT", "move.com")).Content);
    }

    [Fact]
    public async Task EnsureZone_Subdomain_IsRejectedBeforeCallingCloudflare()
    {
        var cf = _host.Get<ICloudflareClient>();
        var before = _host.Simulators.State.Cloudflare.ReceivedCount;
        var e = await Assert.ThrowsAsync<ProviderException>(() => cf.EnsureZoneAsync(_host.Cloudflare1, DomainName.Parse("www.sub.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal(before, _host.Simulators.State.Cloudflare.ReceivedCount);
    }

    [Fact]
    public async Task BadToken_IsPermanentAndMessageHasNoToken()
    {
        await _host.Secrets.SetAsync("cf-token-1", "definitely-wrong-token-value");
        var e = await Assert.ThrowsAsync<ProviderException>(() => _host.Get<ICloudflareClient>().FindZoneAsync(_host.Cloudflare1, DomainName.Parse("x.com", CultureInfo.InvariantCulture)));
        Assert.Equal(ProviderErrorKind.Permanent, e.Kind);
        Assert.Equal("9109", e.VendorCode);
        Assert.DoesNotContain("definitely-wrong-token-value", e.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Answers the next TXT listing of a zone with an empty page, as a stale read would, while enabled.</summary>
    private sealed class StaleTxtListHandler : DelegatingHandler
    {
        private int _hidden;

        public bool Enabled { get; set; }

        public int Hidden => Volatile.Read(ref _hidden);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.ToString();
            if (Enabled && request.Method == HttpMethod.Get && uri.Contains("/dns_records?", StringComparison.Ordinal)
                && uri.Contains("type=TXT", StringComparison.Ordinal) && Interlocked.CompareExchange(ref _hidden, 1, 0) == 0)
            {
                const string Empty = """{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"page":1,"per_page":100,"count":0,"total_count":0,"total_pages":1}}""";
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(Empty, Encoding.UTF8, "application/json") });
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
