using System.Security.Cryptography;
using System.Text;

namespace WebsiteFactory.Providers.Directus;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same (site, slug) always maps to the same Directus primary key.</summary>
internal static class DeterministicId
{
    // Fixed namespace for Website Factory page ids; changing it would orphan every stored page.
    private static readonly Guid Namespace = Guid.Parse("3d1b7c52-8a3e-4f0b-9c55-5b1e2f7a9d10");

    public static Guid ForPage(Guid siteId, string slug) => Create(Namespace, $"page:{siteId:D}/{slug}");

    public static Guid Create(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nsBytes.Length + nameBytes.Length];
        nsBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, nsBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 prescribes for v5 ids; it is an identifier, not a security control.
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
