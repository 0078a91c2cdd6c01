using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using WebsiteFactory.Functions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>
/// The published <c>functions.metadata</c> against the code: every public <c>[Function]</c> method of the Functions
/// assembly (hand-written or generated) is one function there, at its entry point, with one binding per attributed
/// parameter, of the attribute's type, direction and arguments. So every HTTP route, trigger schedule and durable trigger
/// the code declares is what the host will index, whoever adds it.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class FunctionBindingTests(PublishedApp app)
{
    private static readonly Assembly FunctionsAssembly = typeof(FunctionsApplicationComposition).Assembly;

    [Fact]
    public void Metadata_EveryFunctionMethod_IsListedOnceAtItsEntryPoint()
    {
        var declared = FunctionMethods().ToList();
        Assert.NotEmpty(declared);

        var problems = new List<string>();
        foreach (var (name, method) in declared)
        {
            var listed = app.Functions.Where(f => f.Name == name).ToList();
            if (listed.Count != 1)
            {
                problems.Add($"{name}: listed {listed.Count} times");
                continue;
            }

            var entryPoint = $"{method.DeclaringType!.FullName}.{method.Name}";
            if (listed[0].EntryPoint != entryPoint || listed[0].ScriptFile != Path.GetFileName(FunctionsAssembly.Location))
            {
                problems.Add($"{name}: entry point {listed[0].ScriptFile}:{listed[0].EntryPoint}, code has {entryPoint}");
            }
        }

        var stale = app.Functions.Select(f => f.Name).Except(declared.Select(d => d.Name), StringComparer.Ordinal).ToList();
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.True(stale.Count == 0, "functions.metadata lists functions the assembly does not declare: " + string.Join(", ", stale));
    }

    [Fact]
    public void Metadata_EveryBindingParameter_HasItsTypeDirectionAndArguments()
    {
        var problems = new List<string>();
        foreach (var (name, method) in FunctionMethods())
        {
            var function = app.Functions.SingleOrDefault(f => f.Name == name);
            if (function is null)
            {
                continue; // Metadata_EveryFunctionMethod_IsListedOnceAtItsEntryPoint reports it.
            }

            foreach (var parameter in method.GetParameters())
            {
                foreach (var attribute in parameter.GetCustomAttributesData().Where(a => IsBinding(a.AttributeType)))
                {
                    var expectedType = BindingType(attribute.AttributeType);
                    var bindings = function.Bindings.Where(b => b.GetProperty("name").GetString() == parameter.Name).ToList();
                    if (bindings.Count != 1 || bindings[0].GetProperty("type").GetString() != expectedType)
                    {
                        problems.Add($"{name}({parameter.Name}): expected one '{expectedType}' binding");
                        continue;
                    }

                    var direction = bindings[0].GetProperty("direction").GetString();
                    if (direction != (IsOutput(attribute.AttributeType) ? "Out" : "In"))
                    {
                        problems.Add($"{name}({parameter.Name}): direction {direction}");
                    }

                    foreach (var (key, value) in Arguments(attribute))
                    {
                        if (!bindings[0].TryGetProperty(key, out var written) || !SameValue(written, value))
                        {
                            problems.Add($"{name}({parameter.Name}): {key} is {(bindings[0].TryGetProperty(key, out var w) ? w.GetRawText() : "missing")}, code says {JsonSerializer.Serialize(value)}");
                        }
                    }
                }
            }

            // An HTTP function that returns something answers through an "http" output binding.
            if (function.Triggers.Contains("httpTrigger") && Unwrapped(method.ReturnType) != typeof(void)
                && !function.Bindings.Any(b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out"))
            {
                problems.Add($"{name}: HTTP function without an http output binding");
            }

            if (method.GetParameters().SelectMany(p => p.GetCustomAttributesData()).Count(a => IsBinding(a.AttributeType) && a.AttributeType.Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)) != 1)
            {
                problems.Add($"{name}: a function has exactly one trigger parameter");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void FunctionClasses_StaticOnesHaveOnlyStaticFunctions()
    {
        // The worker invokes a static function without an instance; an instance function's class is created from DI per
        // invocation (WorkerCompositionTests resolves each). A static class with an instance method cannot exist, but a
        // non-static class mixing both would be created for its instance methods only.
        foreach (var group in FunctionMethods().GroupBy(m => m.Method.DeclaringType!))
        {
            var type = group.Key;
            Assert.True(type.IsPublic || type.IsNestedPublic, $"{type} declares functions but is not public");
            if (type is { IsAbstract: true, IsSealed: true })
            {
                Assert.All(group, m => Assert.True(m.Method.IsStatic, $"{m.Name} is an instance method of static {type}"));
            }
        }
    }

    /// <summary>Every public [Function] method of the Functions assembly, with its function name.</summary>
    internal static IEnumerable<(string Name, MethodInfo Method)> FunctionMethods() =>
        FunctionsAssembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (Attribute: m.GetCustomAttribute<FunctionAttribute>(), Method: m))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.Name, m.Method));

    // Worker binding attributes derive from Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute.
    private static bool IsBinding(Type type) => Ancestors(type).Any(t => t.FullName == "Microsoft.Azure.Functions.Worker.Extensions.Abstractions.BindingAttribute");

    private static bool IsOutput(Type type) => Ancestors(type).Any(t => t.FullName == "Microsoft.Azure.Functions.Worker.Extensions.Abstractions.OutputBindingAttribute");

    private static IEnumerable<Type> Ancestors(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            yield return t;
        }
    }

    // The worker SDK names a binding after its attribute: HttpTriggerAttribute -> httpTrigger.
    private static string BindingType(Type attribute)
    {
        var name = attribute.Name[..^"Attribute".Length];
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    // Constructor arguments under their parameter names, named arguments under their camel-cased member names: the keys
    // the worker SDK writes.
    private static IEnumerable<(string Key, object? Value)> Arguments(CustomAttributeData attribute)
    {
        var parameters = attribute.Constructor.GetParameters();
        for (var i = 0; i < attribute.ConstructorArguments.Count; i++)
        {
            yield return (parameters[i].Name!, Plain(attribute.ConstructorArguments[i]));
        }

        foreach (var named in attribute.NamedArguments)
        {
            yield return (char.ToLowerInvariant(named.MemberName[0]) + named.MemberName[1..], Plain(named.TypedValue));
        }
    }

    private static object? Plain(CustomAttributeTypedArgument argument) => argument.Value switch
    {
        IReadOnlyCollection<CustomAttributeTypedArgument> items => items.Select(i => Plain(i)?.ToString()).ToArray(),
        { } value when argument.ArgumentType.IsEnum => Enum.GetName(argument.ArgumentType, value),
        var value => value,
    };

    private static bool SameValue(JsonElement written, object? value) => value switch
    {
        null => written.ValueKind == JsonValueKind.Null,
        string s => written.ValueKind == JsonValueKind.String && string.Equals(written.GetString(), s, StringComparison.OrdinalIgnoreCase),
        bool b => written.ValueKind is JsonValueKind.True or JsonValueKind.False && written.GetBoolean() == b,
        string?[] items => written.ValueKind == JsonValueKind.Array
                           && written.EnumerateArray().Select(e => e.GetString()).SequenceEqual(items, StringComparer.OrdinalIgnoreCase),
        _ => string.Equals(written.ToString(), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase),
    };

    private static Type Unwrapped(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask) ? typeof(void)
        : type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)) ? type.GetGenericArguments()[0]
        : type;
}
