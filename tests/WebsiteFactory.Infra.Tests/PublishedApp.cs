using System.Diagnostics;
using System.Text.Json;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The Functions app as <c>azd deploy</c> packages it: <c>dotnet publish</c> of the build the test project already made
/// (same configuration, <c>--no-build</c>, a few seconds) into a temporary directory, published once per test run.
/// Tests read what the Functions host loads from there: <c>functions.metadata</c>, <c>extensions.json</c>,
/// <c>worker.config.json</c>, <c>host.json</c> and <c>.azurefunctions/</c>.
/// </summary>
public sealed class PublishedApp : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);
    private IReadOnlyList<PublishedFunction>? _functions;

    /// <summary>The publish directory.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "wf-functions-publish-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Exit code and output of <c>dotnet publish</c>.</summary>
    internal ProcessResult Publish { get; private set; } = new(-1, "", "");

    /// <summary>The functions of the published <c>functions.metadata</c>.</summary>
    public IReadOnlyList<PublishedFunction> Functions => _functions ??= ReadFunctions();

    /// <summary>A path inside the publish directory.</summary>
    public string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    /// <summary>Parses a JSON file of the publish output.</summary>
    public JsonDocument Json(string name)
    {
        var path = PathOf(name);
        Assert.True(File.Exists(path), $"{name} is not in the publish output ({Directory}); dotnet publish said: {Publish.StandardOutput}{Publish.StandardError}");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    public async Task InitializeAsync()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
                 {
                     "publish", RepositoryPaths.FunctionsProject, "--configuration", RepositoryPaths.BuildConfiguration, "--no-build",
                     "--output", Directory, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:q",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        // No MSBuild node or compiler server may outlive the test run.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {Timeout}");
        }

        Publish = new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public Task DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private List<PublishedFunction> ReadFunctions()
    {
        using var document = Json("functions.metadata");
        return document.RootElement.EnumerateArray()
            .Select(f => new PublishedFunction(
                f.GetProperty("name").GetString() ?? "",
                f.GetProperty("scriptFile").GetString() ?? "",
                f.GetProperty("entryPoint").GetString() ?? "",
                f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList()))
            .ToList();
    }
}

/// <summary>One function of <c>functions.metadata</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="ScriptFile">The assembly the worker loads it from.</param>
/// <param name="EntryPoint">Type and method.</param>
/// <param name="Bindings">Its bindings as written.</param>
public sealed record PublishedFunction(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<JsonElement> Bindings)
{
    /// <summary>The binding types ending in "Trigger".</summary>
    public IReadOnlyList<string> Triggers { get; } =
        Bindings.Select(b => b.GetProperty("type").GetString() ?? "").Where(t => t.EndsWith("Trigger", StringComparison.Ordinal)).ToList();

    /// <summary>The bindings of one type.</summary>
    public IEnumerable<JsonElement> BindingsOf(string type) => Bindings.Where(b => b.GetProperty("type").GetString() == type);
}

/// <summary>Exit code and output of one process run.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Shares one publish across the test classes that read its output.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppGroup : ICollectionFixture<PublishedApp>
{
    public const string Name = "Published Functions app";
}
