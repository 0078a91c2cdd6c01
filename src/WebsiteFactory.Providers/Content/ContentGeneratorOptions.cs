namespace WebsiteFactory.Providers.Content;

/// <summary>Settings of the OpenAI-compatible chat completions client (configuration section <c>Content:Generator</c>).</summary>
public sealed class ContentGeneratorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Content:Generator";

    /// <summary>Base URL of the API. Default <c>https://api.openai.com/</c>; Azure OpenAI: <c>https://{resource}.openai.azure.com/openai/</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/");

    /// <summary>Path of the chat completions endpoint relative to <see cref="BaseUrl"/>. Default <c>v1/chat/completions</c>.</summary>
    public string ChatCompletionsPath { get; set; } = "v1/chat/completions";

    /// <summary>Model (or Azure deployment) name. Default <c>gpt-4o-mini</c>.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Secret-store name of the API key. Default <c>openai-api-key</c>.</summary>
    public string ApiKeySecretName { get; set; } = "openai-api-key";

    /// <summary>
    /// Header that carries the key: <c>Authorization</c> (sent as <c>Bearer {key}</c>, OpenAI and most servers) or
    /// <c>api-key</c> (Azure OpenAI key auth). Default <c>Authorization</c>.
    /// </summary>
    public string ApiKeyHeader { get; set; } = "Authorization";

    /// <summary>Model calls per page before invalid or truncated output fails the page. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Completion token cap per call (<c>max_tokens</c>). Default 4000.</summary>
    public int MaxTokens { get; set; } = 4000;

    /// <summary>Sampling temperature. Default 0.7.</summary>
    public double Temperature { get; set; } = 0.7;

    /// <summary>Timeout of one HTTP attempt (model calls are slow). Default 120 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Returns why these options are unusable, or null when they are fine.</summary>
    public string? Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            return "Content:Generator:BaseUrl must be an absolute http(s) URL.";
        }

        if (string.IsNullOrWhiteSpace(ChatCompletionsPath) || string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(ApiKeyHeader))
        {
            return "Content:Generator: ChatCompletionsPath, Model and ApiKeyHeader are required.";
        }

        if (!Core.Domain.SecretName.TryParse(ApiKeySecretName, out _, out var secretError))
        {
            return "Content:Generator:ApiKeySecretName: " + secretError;
        }

        if (MaxAttempts is < 1 or > 10 || MaxTokens is < 256 or > 128_000 || Temperature is < 0 or > 2 || AttemptTimeout <= TimeSpan.Zero)
        {
            return "Content:Generator: MaxAttempts 1-10, MaxTokens 256-128000, Temperature 0-2 and a positive AttemptTimeout are required.";
        }

        return null;
    }
}
