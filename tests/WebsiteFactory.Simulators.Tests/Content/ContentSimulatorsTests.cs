using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WebsiteFactory.Simulators.Content;
using WebsiteFactory.Testing;

namespace WebsiteFactory.Simulators.Tests.Content;

public sealed class ContentSimulatorsTests
{
    [Fact]
    public async Task Map_AllThree_ReachableUnderDocumentedPrefixesWithSeededCredentials()
    {
        ContentSimulators? set = null;
        await using var server = await LoopbackServer.StartAsync(app => set = ContentSimulators.Map(app, TimeProvider.System, _ => ["google-site-verification=x"]));

        using var chat = new HttpRequestMessage(HttpMethod.Post, new Uri("openai/v1/chat/completions", UriKind.Relative))
        {
            Content = new StringContent("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        chat.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContentSimulators.ChatApiKey);
        using var directus = new HttpRequestMessage(HttpMethod.Get, new Uri("directus/collections/none", UriKind.Relative));
        directus.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ContentSimulators.DirectusToken);
        using var token = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ContentSimulators.GoogleClientId,
            ["client_secret"] = ContentSimulators.GoogleClientSecret,
            ["refresh_token"] = ContentSimulators.GoogleRefreshToken,
        });

        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(chat)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.Client.SendAsync(directus)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsync(new Uri("google/token", UriKind.Relative), token)).StatusCode);
        Assert.NotNull(set);
        Assert.Equal(1, set.Chat.RequestCount);
    }
}
