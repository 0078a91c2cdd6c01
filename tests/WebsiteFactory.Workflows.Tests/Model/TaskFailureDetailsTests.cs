namespace WebsiteFactory.Workflows.Tests.Model;

public sealed class TaskFailureDetailsTests
{
    [Fact]
    public void FromException_WithInner_CapturesTypeMessageAndInnerChain()
    {
        var error = new InvalidOperationException("outer", new TimeoutException("inner"));

        TaskFailureDetails details = TaskFailureDetails.FromException(error);

        Assert.Equal("System.InvalidOperationException", details.ErrorType);
        Assert.Equal("outer", details.ErrorMessage);
        Assert.Equal("System.TimeoutException", details.InnerFailure!.ErrorType);
    }

    [Fact]
    public void IsCausedBy_BaseTypeAndUnrelatedType_MatchesByInheritance()
    {
        TaskFailureDetails details = TaskFailureDetails.FromException(new ArgumentNullException("x"));

        Assert.True(details.IsCausedBy<ArgumentNullException>());
        Assert.True(details.IsCausedBy<ArgumentException>());
        Assert.False(details.IsCausedBy<TimeoutException>());
    }

    [Fact]
    public void IsCausedBy_UnknownTypeName_ReturnsFalse()
        => Assert.False(new TaskFailureDetails("Vendor.NoSuchException", "x").IsCausedBy<Exception>());

    [Fact]
    public void TaskFailedException_Message_NamesTaskAndCause()
    {
        var error = new TaskFailedException("CreateZone", 3, new TaskFailureDetails("System.Exception", "quota"));

        Assert.Equal("Task 'CreateZone' (#3) failed with an unhandled exception: quota", error.Message);
    }
}
