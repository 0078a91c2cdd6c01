using Microsoft.DurableTask;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Execution;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Workflows.Content.Activities;

/// <summary>
/// Writes the site's pages with the language model and stores them in the content store (status_content:
/// generating → generated). Pages already stored are kept unless <see cref="ContentSettings.Regenerate"/>, so a retried
/// delivery spends no tokens twice. Token usage is recorded in the step's audit event and added to the site's
/// <c>content_tokens</c> (also when the run fails after some pages).
/// </summary>
[DurableTask(Name)]
public sealed class GenerateContentActivity(ISiteStateStore store, IContentGenerator generator, IContentStore content, IActivityExecutionAccessor execution) : TaskActivity<ContentStepInput, int>
{
    /// <summary>Registered name.</summary>
    public const string Name = "Content_GenerateContent";

    /// <inheritdoc />
    public override Task<int> RunAsync(TaskActivityContext context, ContentStepInput input) => StepErrors.GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var ct = execution.Current.CancellationToken;
        var site = await store.GetAsync(input.SiteId, ct).ConfigureAwait(false) ?? throw new PermanentStepException($"Site {input.SiteId} does not exist.");
        var actor = $"workflow:{context.InstanceId}";
        if (string.IsNullOrWhiteSpace(site.Niche))
        {
            throw new PermanentStepException($"Site {site.Domain} has no niche; set one before generating content.");
        }

        var pages = input.Settings.Pages ?? ContentSettings.DefaultPages(site.Niche);
        foreach (var p in pages)
        {
            if (!ContentSlug.IsValid(p.Slug) || string.IsNullOrWhiteSpace(p.Topic))
            {
                throw new PermanentStepException($"Page '{p.Slug}' is invalid: slugs are lower-case letters, digits and hyphens, and a topic is required.");
            }
        }

        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Content,
            Outcome = StepOutcome.Started,
            Message = $"Generating {pages.Count} pages.",
            Actor = actor,
            StatusContent = ContentStatus.Generating,
            InstanceId = context.InstanceId,
        }, ct).ConfigureAwait(false);

        await content.EnsureSchemaAsync(ct).ConfigureAwait(false);
        // Publishing keeps every stored page; regenerating rewrites them all, except those this very run already rewrote
        // (a retried delivery must not pay for them twice).
        var existing = (await content.GetPagesAsync(site.Id, ct).ConfigureAwait(false))
            .Where(p => !input.Settings.Regenerate || p.Generation == input.IdempotencyKey)
            .Select(p => p.Slug).ToHashSet(StringComparer.Ordinal);
        var brief = new SiteBrief
        {
            SiteId = site.Id,
            Domain = site.Domain.Value,
            Brand = site.Brand ?? site.Domain.Value,
            Niche = site.Niche,
            Language = site.Language,
            Pages = pages,
        };
        var usage = TokenUsage.None;
        var generated = 0;
        try
        {
            foreach (var page in pages)
            {
                if (existing.Contains(page.Slug))
                {
                    continue;
                }

                var result = await generator.GeneratePageAsync(brief, page, ct).ConfigureAwait(false);
                usage += result.Usage;
                await content.UpsertPageAsync(site.Id, result.Page with { Generation = input.IdempotencyKey }, ct).ConfigureAwait(false);
                generated++;
            }
        }
        catch (Exception e) when (usage.TotalTokens > 0 || e is ContentGenerationException { SpentTokens.TotalTokens: > 0 })
        {
            // The pages stored so far are kept (a retry skips them), and so is what they cost, plus what the failed page's
            // attempts cost: record it before failing.
            if (e is ContentGenerationException failed)
            {
                usage += failed.SpentTokens;
            }

            await store.RecordStepAsync(new SiteStepUpdate
            {
                SiteId = site.Id,
                Step = SiteStep.Content,
                Outcome = StepOutcome.Info,
                Message = $"{generated} pages generated before the run stopped; {usage.Describe()}.",
                Actor = actor,
                ContentTokens = usage.TotalTokens,
            }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await store.RecordStepAsync(new SiteStepUpdate
        {
            SiteId = site.Id,
            Step = SiteStep.Content,
            Outcome = StepOutcome.Succeeded,
            Message = $"{generated} pages generated, {pages.Count - generated} kept; {usage.Describe()}.",
            Actor = actor,
            StatusContent = ContentStatus.Generated,
            ErrorMessage = string.Empty,
            ContentTokens = usage.TotalTokens,
        }, ct).ConfigureAwait(false);
        return generated;
    });
}
