using System.Text.Json;

namespace WebsiteFactory.Cli.Http;

/// <summary>
/// Where <c>wf</c> finds the server and its API key: <c>--url</c>/<c>--api-key</c>, else <c>WF_URL</c>/<c>WF_API_KEY</c>,
/// else <c>~/.config/website-factory/cli.json</c> (<c>{"url": "...", "api_key": "wf_..."}</c>), else
/// <c>http://127.0.0.1:7071</c> without a key.
/// </summary>
/// <param name="Url">The server URL.</param>
/// <param name="ApiKey">The API key, if any.</param>
public sealed record CliSettings(Uri Url, string? ApiKey)
{
    /// <summary>Gets how long one API call may take before the client gives up. Default 100 s (HttpClient's own).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The default server URL.</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The config file path.</summary>
    public static string ConfigFile => Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"),
        "website-factory",
        "cli.json");

    /// <summary>Resolves the settings.</summary>
    /// <param name="url">The <c>--url</c> value.</param>
    /// <param name="apiKey">The <c>--api-key</c> value.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="CliException">The URL is not an absolute http(s) URL, or the config file is malformed.</exception>
    public static CliSettings Resolve(string? url, string? apiKey)
    {
        string? fileUrl = null, fileKey = null;
        if (File.Exists(ConfigFile))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(ConfigFile));
                fileUrl = doc.RootElement.TryGetProperty("url", out var u) ? u.GetString() : null;
                fileKey = doc.RootElement.TryGetProperty("api_key", out var k) ? k.GetString() : null;
            }
            catch (JsonException e)
            {
                throw new CliException($"{ConfigFile} is not valid JSON: {e.Message}", ExitCodes.Usage);
            }
        }

        var chosen = Pick(url, Environment.GetEnvironmentVariable("WF_URL"), fileUrl) ?? DefaultUrl;
        if (!Uri.TryCreate(chosen, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"The server URL '{chosen}' is not an absolute http(s) URL.", ExitCodes.Usage);
        }

        return new CliSettings(uri, Pick(apiKey, Environment.GetEnvironmentVariable("WF_API_KEY"), fileKey));
    }

    private static string? Pick(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
