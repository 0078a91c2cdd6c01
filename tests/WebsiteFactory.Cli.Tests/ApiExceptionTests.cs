using System.Net;
using System.Text.Json;
using WebsiteFactory.Cli.Http;

namespace WebsiteFactory.Cli.Tests;

public sealed class ApiExceptionTests
{
    [Fact]
    public void Message_ConflictNamingARunningInstance_ShowsItsIdKindAndHowToFollowIt()
    {
        var problem = JsonDocument.Parse("""
            {"type":"https://tools.ietf.org/html/rfc9110#section-15.5.10","title":"Another operation is running","status":409,
             "detail":"'a.com' is busy: rollback rollback-a.com is Running; wait for it to finish or terminate it, then try again.",
             "instanceId":"rollback-a.com","kind":"rollback"}
            """).RootElement;

        var e = new ApiException(HttpStatusCode.Conflict, problem);

        Assert.StartsWith("409 Another operation is running: 'a.com' is busy", e.Message, StringComparison.Ordinal);
        Assert.Contains("running: rollback-a.com (rollback)", e.Message, StringComparison.Ordinal);
        Assert.Contains("wf instances show rollback-a.com", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failed, e.ExitCode);
    }

    [Fact]
    public void Message_ConflictWithoutInstance_IsTitleAndDetailOnly()
    {
        var problem = JsonDocument.Parse("""{"title":"Not hosted","status":409,"detail":"'a.com' has no hosting server."}""").RootElement;

        var e = new ApiException(HttpStatusCode.Conflict, problem);

        Assert.Equal("409 Not hosted: 'a.com' has no hosting server.", e.Message);
    }
}
