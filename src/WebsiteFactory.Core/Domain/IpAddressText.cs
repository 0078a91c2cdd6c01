using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebsiteFactory.Core.Domain;

/// <summary>
/// Strict parsing of IP address text typed by an operator: a dotted-quad IPv4 address or an IPv6 address, nothing else.
/// </summary>
/// <remarks>
/// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> follows <c>inet_aton</c>: it reads <c>"1"</c> as
/// <c>0.0.0.1</c>, <c>"10.1"</c> as <c>10.0.0.1</c>, <c>"0x7f.1"</c> as hex and <c>"010.0.0.1"</c> as octal. A record
/// pointing at one of those is never what the operator meant, so every record field (API, CLI, import) parses through
/// here instead: IPv4 is exactly four decimal octets 0-255 without leading zeros; IPv6 is what the BCL accepts for the
/// IPv6 family, without a zone id (<c>%eth0</c>) or surrounding brackets or spaces.
/// </remarks>
public static class IpAddressText
{
    /// <summary>Parses a dotted-quad IPv4 or an IPv6 address.</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address when the text is one.</param>
    /// <returns>True when <paramref name="text"/> is a strict IPv4 or IPv6 address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (text.Any(c => !char.IsAsciiHexDigit(c) && c != ':' && c != '.')
                || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            address = v6;
            return true;
        }

        return TryParseIPv4(text, out address);
    }

    /// <summary>Parses a dotted-quad IPv4 address: exactly four decimal octets 0-255, no leading zeros.</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address when the text is one.</param>
    /// <returns>True when <paramref name="text"/> is a strict dotted-quad IPv4 address.</returns>
    public static bool TryParseIPv4([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            var p = parts[i];
            if (p.Length is < 1 or > 3 || !p.All(char.IsAsciiDigit) || (p.Length > 1 && p[0] == '0')
                || !byte.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>True when the text looks like an attempt at an IP address (digits and dots only, or a <c>0x</c> number) rather than a host name.</summary>
    /// <param name="text">The text.</param>
    /// <returns>True for text such as <c>1</c>, <c>10.1</c>, <c>1.2.3.4.5</c> or <c>0x7f000001</c>.</returns>
    public static bool LooksNumeric(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return true;
        }

        // A host name's last label is never all digits, and inet_aton reads 0x… parts as hex.
        var last = text[(text.LastIndexOf('.') + 1)..];
        return last.All(char.IsAsciiDigit) || text.Split('.').Any(l => l.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && l.Length > 2 && l[2..].All(char.IsAsciiHexDigit));
    }
}
