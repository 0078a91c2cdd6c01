using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using WebsiteFactory.Functions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The configuration reads in the source the Functions app is built from: its project and every project it references,
/// transitively (not the analyzers), plus the <c>%…%</c> references of <c>host.json</c>. What
/// <see cref="FunctionsSettings"/> must account for.
/// </summary>
internal static partial class SettingReads
{
    /// <summary>One read: the key or section (configuration form, <c>Section:Key</c>) and where it was found.</summary>
    internal sealed record Read(string Key, string Where);

    /// <summary>Every read found, and every read whose key is not a literal or a constant the scanner can resolve.</summary>
    public static (IReadOnlyList<Read> Reads, IReadOnlyList<string> Unresolved) Scan()
    {
        var reads = new List<Read>();
        var unresolved = new List<string>();
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            var where = Path.GetRelativePath(RepositoryPaths.Root, file);
            foreach (Match m in ConfigurationRead().Matches(text))
            {
                var argument = m.Groups["arg"].Value.Trim();
                var key = Resolve(argument);
                if (key is null)
                {
                    unresolved.Add($"{where}: {m.Value}");
                    continue;
                }

                reads.Add(new(m.Groups["kind"].Value == "GetConnectionString(" ? "ConnectionStrings:" + key : key, where));
            }

            foreach (Match m in SettingExpression().Matches(text))
            {
                reads.Add(new(m.Groups["name"].Value, where));
            }

            foreach (Match m in EnvironmentRead().Matches(text))
            {
                reads.Add(new(m.Groups["name"].Value, where));
            }
        }

        foreach (Match m in SettingExpression().Matches(File.ReadAllText(RepositoryPaths.File("host.json"))))
        {
            reads.Add(new(m.Groups["name"].Value, "host.json"));
        }

        return (reads, unresolved);
    }

    /// <summary>The .cs files of the Functions project and the projects it references (transitively), without obj/ and bin/.</summary>
    public static IReadOnlyList<string> SourceFiles()
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([RepositoryPaths.FunctionsProject]);
        while (pending.TryPop(out var project))
        {
            if (!projects.Add(Path.GetFullPath(project)))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
            {
                // An analyzer (the trigger generator) runs at build time; nothing of it runs in the app.
                if ((string?)reference.Attribute("OutputItemType") == "Analyzer")
                {
                    continue;
                }

                var include = ((string)reference.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar);
                pending.Push(Path.Combine(Path.GetDirectoryName(project)!, include));
            }
        }

        var separator = Path.DirectorySeparatorChar;
        return projects
            .SelectMany(p => Directory.EnumerateFiles(Path.GetDirectoryName(p)!, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The types the Functions app is made of: its assembly and the product assemblies it references.</summary>
    public static IEnumerable<Type> ProductTypes()
    {
        var functions = typeof(FunctionsApplicationComposition).Assembly;
        return new[] { functions }
            .Concat(functions.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("WebsiteFactory.", StringComparison.Ordinal)).Select(Assembly.Load))
            .SelectMany(a => a.GetTypes());
    }

    // "literal" or Type.Constant (e.g. CloudflareOptions.SectionName, DatabaseOptions.ConnectionStringName).
    private static string? Resolve(string argument)
    {
        if (argument.Length >= 2 && argument[0] == '"' && argument[^1] == '"')
        {
            return argument[1..^1];
        }

        var constant = ConstantReference().Match(argument);
        if (!constant.Success)
        {
            return null;
        }

        var field = ProductTypes()
            .Where(t => t.Name == constant.Groups["type"].Value)
            .Select(t => t.GetField(constant.Groups["field"].Value, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .SingleOrDefault(f => f is { IsLiteral: true });
        return field?.GetRawConstantValue() as string;
    }

    // configuration["X"], config[X.Y], GetSection(...), GetRequiredSection(...), GetValue<T>(...), GetConnectionString(...):
    // the argument up to the closing bracket (a literal or a constant; anything else is reported as unresolved). \b keeps
    // JsonValue.TryGetValue<T>(out ...) out.
    [GeneratedRegex(@"(?<kind>\b\w*[Cc]onfig\w*\[|\bGetSection\(|\bGetRequiredSection\(|\bGetValue<[^>]+>\(|\bGetConnectionString\()(?<arg>[^\)\]\r\n,]+)[\)\],]")]
    private static partial Regex ConfigurationRead();

    // %Name% or %Section:Key% in attribute arguments ([TimerTrigger("%...%")]) and host.json.
    [GeneratedRegex("%(?<name>[A-Za-z_][A-Za-z0-9_:]*)%")]
    private static partial Regex SettingExpression();

    [GeneratedRegex(@"Environment\.GetEnvironmentVariable\(\s*""(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial Regex EnvironmentRead();

    [GeneratedRegex(@"^(?<type>[A-Z]\w*)\.(?<field>[A-Z]\w*)$")]
    private static partial Regex ConstantReference();
}
