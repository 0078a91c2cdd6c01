using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Infra.Tests;

/// <summary>One role a template grants: to whom, which built-in role, on what kind of resource.</summary>
/// <param name="Principal">"identity" for the app's user-assigned identity, else the parameter that names the principal.</param>
/// <param name="Role">The role definition id (a GUID), or "?expression" where the template does not fix it.</param>
/// <param name="ScopeType">The resource type the assignment is scoped to; "" for the resource group or subscription.</param>
/// <param name="Conditional">Whether the assignment has a condition.</param>
internal sealed record RoleGrant(string Principal, string Role, string ScopeType, bool Conditional);

/// <summary>
/// Reads the role assignments of the compiled template (every nested module) into <see cref="RoleGrant"/>s, evaluating the
/// few expression forms Bicep emits for them: <c>subscriptionResourceId('…/roleDefinitions', X)</c> with X a literal, a
/// variable property or an element of a variable array in a copy loop, <c>resourceId('Type', …)</c> scopes, and
/// principals from <c>reference(…userAssignedIdentities…).principalId</c> or a parameter.
/// </summary>
internal static partial class RoleGrants
{
    public static IReadOnlyList<RoleGrant> Of(CompiledTemplate template)
    {
        var grants = new List<RoleGrant>();
        Collect(template.Root, grants);
        return grants;
    }

    private static void Collect(JsonObject template, List<RoleGrant> into)
    {
        var variables = template["variables"] as JsonObject ?? [];
        foreach (var resource in Resources(template))
        {
            if ((resource["properties"] as JsonObject)?["template"] is JsonObject nested)
            {
                Collect(nested, into);
            }

            if (!string.Equals((string?)resource["type"], "Microsoft.Authorization/roleAssignments", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var properties = resource["properties"]!;
            var principalExpression = (string?)properties["principalId"] ?? "";
            var principal = principalExpression.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal)
                ? "identity"
                : ParameterReference().Match(principalExpression) is { Success: true } p ? p.Groups["name"].Value : "?" + principalExpression;
            var scope = ScopeType().Match((string?)resource["scope"] ?? "") is { Success: true } s ? s.Groups["type"].Value : "";
            var conditional = resource["condition"] is not null;

            var definition = RoleDefinition().Match((string?)properties["roleDefinitionId"] ?? "");
            var roles = definition.Success ? Roles(definition.Groups["arg"].Value, variables) : ["?" + (string?)properties["roleDefinitionId"]];
            into.AddRange(roles.Select(role => new RoleGrant(principal, role, scope, conditional)));
        }
    }

    // A role argument: 'guid', variables('v').p, variables('v')[copyIndex()] (each element), or anything else (unknown).
    private static IEnumerable<string> Roles(string argument, JsonObject variables)
    {
        argument = argument.Trim();
        if (argument.StartsWith('[') && argument.EndsWith(']'))
        {
            argument = argument[1..^1];
        }

        if (Guid().Match(argument) is { Success: true } literal)
        {
            return [literal.Groups["guid"].Value];
        }

        if (VariableProperty().Match(argument) is { Success: true } property
            && variables[property.Groups["variable"].Value]?[property.Groups["property"].Value] is JsonValue value)
        {
            var text = (string)value!;
            return Roles(text.StartsWith('[') ? text : "'" + text + "'", variables);
        }

        if (VariableElement().Match(argument) is { Success: true } element && variables[element.Groups["variable"].Value] is JsonArray array)
        {
            return array.SelectMany(e => Roles((string)e!, variables));
        }

        return ["?" + argument];
    }

    private static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>().Where(r => r["existing"]?.GetValue<bool>() != true),
        _ => [],
    };

    [GeneratedRegex(@"^\[?subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions',\s*(?<arg>.+)\)\]?$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^'(?<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'$")]
    private static partial Regex Guid();

    [GeneratedRegex(@"^variables\('(?<variable>\w+)'\)(\.(?<property>\w+)|\['(?<property>\w+)'\])$")]
    private static partial Regex VariableProperty();

    [GeneratedRegex(@"^variables\('(?<variable>\w+)'\)\[copyIndex\(\)\]$")]
    private static partial Regex VariableElement();

    [GeneratedRegex(@"^\[?resourceId\('(?<type>[^']+)'")]
    private static partial Regex ScopeType();

    [GeneratedRegex(@"^\[?parameters\('(?<name>\w+)'\)\]?$")]
    private static partial Regex ParameterReference();
}
