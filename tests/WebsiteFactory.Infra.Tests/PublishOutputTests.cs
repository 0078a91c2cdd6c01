using System.Diagnostics;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The publish output as the Functions host on Azure loads it: the files it needs, the host-side extensions
/// (<c>extensions.json</c> + <c>.azurefunctions/</c>) that provide every binding <c>functions.metadata</c> uses, and
/// nothing that belongs on a developer machine only.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class PublishOutputTests(PublishedApp app)
{
    // Binding types the Functions host (4.x) serves itself, without an entry in extensions.json: HTTP (the worker's
    // ASP.NET Core integration is proxied by the host) and timers (Microsoft.Azure.WebJobs.Extensions ships in the host).
    private static readonly HashSet<string> HostBindings = new(StringComparer.Ordinal) { "httpTrigger", "http", "timerTrigger" };

    // WebJobs extension packages the host ships; a worker extension naming one needs nothing in .azurefunctions/.
    private static readonly HashSet<string> HostExtensionPackages = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.Azure.WebJobs.Extensions", "Microsoft.Azure.WebJobs.Extensions.Http",
    };

    [Fact]
    public void Publish_FromTheBuild_HoldsWhatTheHostLoads()
    {
        Assert.True(app.Publish.ExitCode == 0, app.Publish.StandardOutput + app.Publish.StandardError);
        foreach (var file in new[] { "host.json", "functions.metadata", "extensions.json", "worker.config.json", "WebsiteFactory.Functions.dll", "WebsiteFactory.Functions.runtimeconfig.json" })
        {
            Assert.True(File.Exists(app.PathOf(file)), $"{file} is missing from the publish output");
        }

        Assert.True(Directory.Exists(app.PathOf(".azurefunctions")), ".azurefunctions/ (the host-side extensions) is missing");

        // Developer-only files must not ship: local settings hold local connection strings, and Azure takes the
        // settings from the app settings (infra/). host.json is the repository's, unchanged.
        Assert.False(File.Exists(app.PathOf("local.settings.json")));
        Assert.False(File.Exists(app.PathOf("local.settings.sample.json")));
        Assert.Equal(File.ReadAllText(RepositoryPaths.File("host.json")), File.ReadAllText(app.PathOf("host.json")));
    }

    [Fact]
    public void ExtensionsJson_EveryStartupTypeIsInItsHintedAssembly()
    {
        using var extensions = app.Json("extensions.json");
        var entries = extensions.RootElement.GetProperty("extensions").EnumerateArray().ToList();
        Assert.NotEmpty(entries);

        foreach (var entry in entries)
        {
            var typeName = entry.GetProperty("typeName").GetString()!;
            var hintPath = entry.GetProperty("hintPath").GetString()!;
            var file = app.PathOf(hintPath);
            Assert.True(File.Exists(file), $"{entry.GetProperty("name")}: {hintPath} is not in the publish output");

            var comma = typeName.IndexOf(',', StringComparison.Ordinal);
            var type = typeName[..comma].Trim();
            var assembly = new AssemblyName(typeName[(comma + 1)..].Trim());
            var (name, version, types) = ReadAssembly(file);
            Assert.Equal(assembly.Name, name);
            Assert.Equal(assembly.Version, version);
            Assert.Contains(type, types);
        }

        // The Durable Task extension, with the startup type the host calls to register its triggers and client.
        Assert.Contains(entries, e => e.GetProperty("name").GetString() == "DurableTask"
            && e.GetProperty("typeName").GetString()!.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.DurableTaskWebJobsStartup,", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtensionsJson_ProvidesEveryBindingTheMetadataUses()
    {
        // A WebJobs extension provides one binding per [Binding]-attributed attribute type: OrchestrationTriggerAttribute
        // -> orchestrationTrigger, DurableClientAttribute -> durableClient. The host fails to index a function whose
        // binding no loaded extension provides.
        using var extensions = app.Json("extensions.json");
        var provided = new HashSet<string>(HostBindings, StringComparer.Ordinal);
        foreach (var entry in extensions.RootElement.GetProperty("extensions").EnumerateArray())
        {
            foreach (var type in ReadAssembly(app.PathOf(entry.GetProperty("hintPath").GetString()!)).Types)
            {
                var simple = type[(type.LastIndexOf('.') + 1)..];
                if (simple.EndsWith("Attribute", StringComparison.Ordinal) && simple.Length > "Attribute".Length)
                {
                    provided.Add(char.ToLowerInvariant(simple[0]) + simple[1..^"Attribute".Length]);
                }
            }
        }

        var used = app.Functions.SelectMany(f => f.Bindings.Select(b => (f.Name, Type: b.GetProperty("type").GetString()!))).ToList();
        var missing = used.Where(u => !provided.Contains(u.Type)).Select(u => $"{u.Name}: {u.Type}").ToList();

        Assert.Contains(used, u => u.Type == "orchestrationTrigger");
        Assert.True(missing.Count == 0, "bindings no extension in extensions.json provides: " + string.Join(", ", missing));
    }

    [Fact]
    public void WorkerExtensions_TheirHostExtensionIsPublishedAtTheDeclaredVersion()
    {
        // Each worker extension package names the WebJobs extension the host must load for it ([ExtensionInformation]);
        // the SDK restores that into .azurefunctions/ and lists it in extensions.json.
        using var extensions = app.Json("extensions.json");
        var hinted = extensions.RootElement.GetProperty("extensions").EnumerateArray()
            .Select(e => Path.GetFileNameWithoutExtension(e.GetProperty("hintPath").GetString()!))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var declared = Directory.EnumerateFiles(app.Directory, "Microsoft.Azure.Functions.Worker.Extensions.*.dll")
            .SelectMany(file => Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(file))).GetCustomAttributesData())
            .Where(a => a.AttributeType.Name == "ExtensionInformationAttribute")
            .Select(a => (Package: (string)a.ConstructorArguments[0].Value!, Version: (string)a.ConstructorArguments[1].Value!))
            .ToList();

        Assert.Contains(declared, d => d.Package == "Microsoft.Azure.WebJobs.Extensions.DurableTask");
        foreach (var (package, version) in declared.Where(d => !HostExtensionPackages.Contains(d.Package)))
        {
            var file = app.PathOf(".azurefunctions", package + ".dll");
            Assert.True(File.Exists(file), $"{package} (declared by a worker extension) is not in .azurefunctions/");
            Assert.Contains(package, hinted);
            var productVersion = FileVersionInfo.GetVersionInfo(file).ProductVersion ?? "";
            Assert.True(productVersion.StartsWith(version, StringComparison.Ordinal), $"{package} is {productVersion}, the worker extension asks for {version}");
        }
    }

    private static (string Name, Version Version, HashSet<string> Types) ReadAssembly(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var definition = reader.GetAssemblyDefinition();
        var types = reader.TypeDefinitions
            .Select(h => reader.GetTypeDefinition(h))
            .Select(t => (reader.GetString(t.Namespace) is { Length: > 0 } ns ? ns + "." : "") + reader.GetString(t.Name))
            .ToHashSet(StringComparer.Ordinal);
        return (reader.GetString(definition.Name), definition.Version, types);
    }
}
