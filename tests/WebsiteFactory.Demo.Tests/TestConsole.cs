using Spectre.Console;

namespace WebsiteFactory.Demo.Tests;

/// <summary>A non-interactive, colourless console that records its output.</summary>
public static class TestConsole
{
    /// <summary>Creates the console.</summary>
    /// <returns>The console and its output.</returns>
    public static (IAnsiConsole Console, StringWriter Output) Create()
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 220;
        return (console, writer);
    }
}
