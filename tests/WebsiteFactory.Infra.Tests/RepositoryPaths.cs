using System.Reflection;

namespace WebsiteFactory.Infra.Tests;

/// <summary>Paths the build stamps into the test assembly (see the csproj's AssemblyMetadata items).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
    public static string Bicep { get; } = Metadata("BicepPath");

    /// <summary>The build output of src/WebsiteFactory.Functions (what <c>func start</c> and a publish start from).</summary>
    public static string FunctionsOutput => Metadata("FunctionsOutputDirectory");

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: the csproj stamps it at build time.");
}
