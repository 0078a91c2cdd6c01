namespace WebsiteFactory.Server.Tests.Browser;

/// <summary>
/// A fact that needs Debian's Chromium. Skipped with a clear message when the browser is not installed (CI installs it
/// through <c>./build.sh setup</c>); never downloads a browser.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser: <c>WF_CHROMIUM</c> when set, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("WF_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath))
        {
            Skip = $"Chromium not found at {ExecutablePath}: install Debian's chromium package (./build.sh setup does) to run the dashboard's browser tests.";
        }
    }
}
