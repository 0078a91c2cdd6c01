namespace WebsiteFactory.Infra.Tests;

/// <summary><c>bicep lint</c> on infra/main.bicep, outside the compiled-template collection so it runs beside the build.</summary>
public sealed class BicepLintTests
{
    [Fact]
    public async Task Lint_MainTemplateAndModules_ReportsNothing()
    {
        // Linting main.bicep also reports every diagnostic of the modules it references.
        var lint = await BicepCli.RunAsync("lint", RepositoryPaths.MainBicep);

        Assert.True(lint.ExitCode == 0, lint.StandardOutput + lint.StandardError);
        Assert.Equal("", (lint.StandardOutput + lint.StandardError).Trim());
    }
}
