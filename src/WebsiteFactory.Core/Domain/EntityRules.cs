using System.Net.Mail;
using System.Text.RegularExpressions;

namespace WebsiteFactory.Core.Domain;

/// <summary>Field checks shared by the account and server records.</summary>
internal static partial class EntityRules
{
    public const int MaxNicknameLength = 100;

    public static void Email(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "Email is required."));
            return;
        }

        if (value.Length > 254 || value.Trim() != value || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value)
        {
            errors.Add(new FieldError(field, "Email is not a valid address."));
        }
    }

    public static void Nickname(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "Nickname is required."));
            return;
        }

        if (value.Length > MaxNicknameLength || value.Trim() != value || value.Any(char.IsControl))
        {
            errors.Add(new FieldError(field, $"Nickname must be 1-{MaxNicknameLength} printable characters without leading or trailing spaces."));
        }
    }

    public static void Required(List<FieldError> errors, string field, object? value, string what)
    {
        if (value is null)
        {
            errors.Add(new FieldError(field, $"{what} is required."));
        }
    }

    public static void Host(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "Address is required."));
            return;
        }

        if (IpAddressText.TryParse(value, out _))
        {
            return;
        }

        if (IpAddressText.LooksNumeric(value))
        {
            errors.Add(new FieldError(field, "Address must be a dotted-quad IPv4 address (four numbers 0-255 without leading zeros), an IPv6 address or a host name."));
        }
        else if (!HostNameRegex().IsMatch(value))
        {
            errors.Add(new FieldError(field, "Address must be an IP address or a host name (letters, digits, hyphens and dots)."));
        }
    }

    public static void LinuxUser(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value) || !LinuxUserRegex().IsMatch(value))
        {
            errors.Add(new FieldError(field, "User must be a Linux user name: a lower-case letter or '_' first, then [a-z0-9_-], at most 32 characters."));
        }
    }

    [GeneratedRegex("^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostNameRegex();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex LinuxUserRegex();
}
