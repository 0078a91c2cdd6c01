using System.Text.Json;
using Spectre.Console;

namespace WebsiteFactory.Cli.Output;

/// <summary>Writes machine-readable output (<c>--json</c>, <c>wf instances show</c>) exactly as given.</summary>
/// <remarks>
/// Spectre.Console wraps text at the console's width (80 columns when output is redirected), which would put line breaks
/// inside long JSON strings and make the output unparseable; the JSON goes straight to the console's output writer instead.
/// </remarks>
public static class JsonOutput
{
    /// <summary>Writes JSON text and a newline, unwrapped.</summary>
    /// <param name="console">The console whose output writer receives it.</param>
    /// <param name="json">The JSON text.</param>
    public static void WriteJson(this IAnsiConsole console, string json)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Profile.Out.Writer.WriteLine(json);
    }

    /// <summary>Writes a JSON value as it was received, unwrapped.</summary>
    /// <param name="console">The console whose output writer receives it.</param>
    /// <param name="json">The value.</param>
    public static void WriteJson(this IAnsiConsole console, JsonElement json) => console.WriteJson(json.GetRawText());
}
