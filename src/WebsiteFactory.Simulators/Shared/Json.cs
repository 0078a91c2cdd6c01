using System.Text.Json;

namespace WebsiteFactory.Simulators.Shared;

/// <summary>Serializer settings: property names exactly as written (vendors use snake_case, DoH uses PascalCase).</summary>
internal static class Json
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = null };
}
