using System.Text.RegularExpressions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// The rules every deployer of the release layout (<see cref="ReleaseScripts"/>) applies before anything reaches a remote
/// shell: a valid host, port, user, key secret name, doc root and release id, and the parser of the scripts' output.
/// </summary>
internal static partial class ReleaseLayout
{
    /// <summary>True when <paramref name="releaseId"/> is a valid release name.</summary>
    public static bool IsValidReleaseId(string? releaseId) => releaseId is not null && ReleaseIdPattern().IsMatch(releaseId);

    /// <summary>Throws unless <paramref name="releaseId"/> is a release name a deploy may create (not CloudPanel's placeholder).</summary>
    public static string RequireReleaseId(string? releaseId, string paramName = "releaseId") =>
        IsValidReleaseId(releaseId) && releaseId != ReleaseScripts.InitialRelease
            ? releaseId!
            : throw new ArgumentException($"Release id '{releaseId}' is invalid: use 1-64 characters of A-Z, a-z, 0-9, '.', '_', '-', starting with a letter or digit.", paramName);

    /// <summary>Validates the target and splits its doc root into the parent directory and the doc root's name.</summary>
    public static (string Parent, string Name) Validate(DeployTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!HostPattern().IsMatch(target.Host))
        {
            throw new ArgumentException($"SSH host '{target.Host}' is not a host name or IP address.", nameof(target));
        }

        if (target.Port is < 1 or > 65535)
        {
            throw new ArgumentException("SSH port must be 1-65535.", nameof(target));
        }

        if (!Core.Ports.Vendors.SiteUser.TryParse(target.User, out _) && target.User != "root")
        {
            throw new ArgumentException($"SSH user '{target.User}' is not a valid user name.", nameof(target));
        }

        SecretName.Validate(target.KeySecretName);
        var path = target.DocRoot.Value;
        var slash = path.LastIndexOf('/');
        var parent = path[..slash];
        var name = path[(slash + 1)..];
        if (parent.Length == 0 || parent.Count(c => c == '/') < 2 || name.StartsWith('.') || name.StartsWith('-'))
        {
            throw new ArgumentException($"Doc root '{path}' must be at least three levels deep (e.g. /home/user/htdocs/example.com) and not hidden.", nameof(target));
        }

        return (parent, name);
    }

    /// <summary>Reads the <c>current=</c>, <c>previous=</c> and <c>release=</c> lines the scripts print.</summary>
    public static ScriptState Parse(string output)
    {
        string? current = null;
        string? previous = null;
        var releases = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("current=", StringComparison.Ordinal))
            {
                current = line[8..];
            }
            else if (line.StartsWith("previous=", StringComparison.Ordinal))
            {
                previous = line[9..];
            }
            else if (line.StartsWith("release=", StringComparison.Ordinal))
            {
                releases.Add(line[8..]);
            }
        }

        return new ScriptState(current, previous, releases);
    }

    /// <summary>What a script reported.</summary>
    public sealed record ScriptState(string? Current, string? Previous, IReadOnlyList<string> Releases)
    {
        /// <summary>The state as a deploy result (<paramref name="fallbackId"/> when the script printed no current release).</summary>
        public DeployResult ToResult(string fallbackId) =>
            new(string.IsNullOrEmpty(Current) ? fallbackId : Current, string.IsNullOrEmpty(Previous) ? null : Previous, Releases);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseIdPattern();

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f:]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
