using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Workflows.Provisioning;

/// <summary>Translates adapter and store errors into the two step-failure types the retry policy understands.</summary>
internal static class StepErrors
{
    public static async Task<T> GuardAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (ProviderException e) when (e.Kind is ProviderErrorKind.Permanent or ProviderErrorKind.AlreadyExists)
        {
            throw new PermanentStepException(e.Message);
        }
        catch (ProviderException e) when (e.Kind == ProviderErrorKind.RateLimited)
        {
            throw new RateLimitedStepException(e.Message, e.RetryAfter ?? TimeSpan.FromMinutes(1));
        }
        catch (Exception e) when (e is KeyNotFoundException or EntityNotFoundException or FormatException)
        {
            throw new PermanentStepException(e.Message);
        }
    }
}
