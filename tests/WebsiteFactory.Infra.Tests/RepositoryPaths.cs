using System.Reflection;

namespace WebsiteFactory.Infra.Tests;

/// <summary>Paths the build stamps into the test assembly (see the csproj's AssemblyMetadata items).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    /// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package.</summary>
    public static string Bicep { get; } = Metadata("BicepPath");

    /// <summary>The configuration this test assembly, and so the Functions app it references, was built in.</summary>
    public static string BuildConfiguration { get; } = Metadata("BuildConfiguration");

    /// <summary>The Functions app's project directory.</summary>
    public static string FunctionsProjectDirectory => File("src", "WebsiteFactory.Functions");

    /// <summary>The Functions app's project file.</summary>
    public static string FunctionsProject => Path.Combine(FunctionsProjectDirectory, "WebsiteFactory.Functions.csproj");

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Metadata(string key) =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing: the csproj stamps it at build time.");
}
