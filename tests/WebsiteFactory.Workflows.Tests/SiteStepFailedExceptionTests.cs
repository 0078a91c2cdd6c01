using Microsoft.DurableTask;

namespace WebsiteFactory.Workflows.Tests;

public sealed class SiteStepFailedExceptionTests
{
    [Fact]
    public void Constructor_StepAndReason_MessageIsReasonThenStepTag()
    {
        var e = new SiteStepFailedException("hosting_site", "CloudPanel refused the SSH key.");

        Assert.Equal("CloudPanel refused the SSH key. [step=hosting_site]", e.Message);
        Assert.Equal(("hosting_site", "CloudPanel refused the SSH key."), (e.Step, e.Reason));
    }

    [Fact]
    public void Constructor_ReasonHoldsSecret_RedactedInMessageAndReason()
    {
        var e = new SiteStepFailedException("content", "401 invalid_api_key; Authorization: Bearer sk-proj-Q3vX9LmT2pRz8KwY5nB7");

        Assert.DoesNotContain("sk-proj-Q3vX9LmT2pRz8KwY5nB7", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-Q3vX9LmT2pRz8KwY5nB7", e.Reason, StringComparison.Ordinal);
        Assert.EndsWith(" [step=content]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_DetailsOfTheException_StepAndReason()
    {
        var details = TaskFailureDetails.FromException(new SiteStepFailedException("search_console", "Google did not see the record."));

        Assert.Equal("WebsiteFactory.Workflows.SiteStepFailedException", details.ErrorType);
        Assert.True(SiteStepFailedException.TryRead(details, out var step, out var reason));
        Assert.Equal(("search_console", "Google did not see the record."), (step, reason));
    }

    [Fact]
    public void TryRead_WrappedAsInnerFailure_FindsIt()
    {
        var inner = TaskFailureDetails.FromException(new SiteStepFailedException("deploy", "Host key mismatch."));
        var outer = new TaskFailureDetails(typeof(TaskFailedException).FullName!, "Task 'Content.PublishSite' (#3) failed.", null, inner, null);

        Assert.True(SiteStepFailedException.TryRead(outer, out var step, out var reason));
        Assert.Equal(("deploy", "Host key mismatch."), (step, reason));
    }

    [Theory]
    [InlineData("System.InvalidOperationException", "Something broke. [step=zone]")] // the tag alone is not enough
    [InlineData("WebsiteFactory.Workflows.SiteStepFailedException", "No tag here.")]
    public void TryRead_NotASiteStepFailure_False(string type, string message)
    {
        Assert.False(SiteStepFailedException.TryRead(new TaskFailureDetails(type, message, null, null, null), out var step, out var reason));
        Assert.Null(step);
        Assert.Null(reason);
    }

    [Fact]
    public void TryRead_Null_False() => Assert.False(SiteStepFailedException.TryRead(null, out _, out _));

    [Fact]
    public void Constructor_MessageWithTag_ParsesStepAndReason()
    {
        var e = new SiteStepFailedException("Zone held elsewhere. [step=zone]");

        Assert.Equal(("zone", "Zone held elsewhere."), (e.Step, e.Reason));
        Assert.Equal(SiteStepFailedException.UnknownStep, new SiteStepFailedException("plain").Step);
    }
}
