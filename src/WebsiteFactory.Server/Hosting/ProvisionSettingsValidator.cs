using Microsoft.Extensions.Options;
using WebsiteFactory.Workflows.Provisioning;

namespace WebsiteFactory.Server.Hosting;

/// <summary>Validates section <c>Provisioning</c> on start (<see cref="ProvisionSettings.Validate"/>), naming every bad setting.</summary>
public sealed class ProvisionSettingsValidator : IValidateOptions<ProvisionSettings>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ProvisionSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
