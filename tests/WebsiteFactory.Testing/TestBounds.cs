namespace WebsiteFactory.Testing;

/// <summary>
/// Bounds on waits in tests. Time the code under test reads goes through a <c>FakeTimeProvider</c> where it can; what is
/// left is real work (a query, a workflow, a process, a page update), which a loaded 2-core machine can slow down a lot.
/// Its bound is generous: it only decides how long a broken test takes to fail, never whether a working one passes.
/// </summary>
public static class TestBounds
{
    /// <summary>The longest a test waits for real work to happen: 60 s.</summary>
    public static readonly TimeSpan RealWork = TimeSpan.FromSeconds(60);
}
