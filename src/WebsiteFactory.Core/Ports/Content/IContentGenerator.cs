namespace WebsiteFactory.Core.Ports.Content;

/// <summary>Writes page content with a language model (an OpenAI-compatible chat completions API).</summary>
public interface IContentGenerator
{
    /// <summary>Generates one page of <paramref name="brief"/>.</summary>
    /// <remarks>
    /// The result is schema-validated: slug equals the requested slug, title/meta/body present, meta description at most
    /// 160 characters. Invalid or truncated model output is retried a few times, then fails with
    /// <see cref="Errors.ProviderErrorKind.Permanent"/> and a reason saying what was wrong.
    /// </remarks>
    /// <exception cref="Errors.ProviderException">Vendor failure (rate limit, quota, bad key, invalid output).</exception>
    Task<GeneratedPageResult> GeneratePageAsync(SiteBrief brief, PageRequest page, CancellationToken cancellationToken = default);
}
