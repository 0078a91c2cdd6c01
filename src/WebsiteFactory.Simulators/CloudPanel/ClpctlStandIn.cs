namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>
/// A bash stand-in for CloudPanel's <c>clpctl</c>, installed into an <see cref="LoopbackSshServer"/>'s <c>bin</c>. It parses
/// options like the real Symfony console app (<c>--name=value</c> only, unknown options and commands rejected, exit 1 with
/// the error on stdout), prints the real success texts, creates <c>{home}/{siteUser}/htdocs/{domain}</c> under a state
/// directory owned by the login user, and appends every call to a log (passwords masked). Point the CloudPanel adapter at it
/// with <c>Providers:CloudPanel:ClpctlCommand</c> = <see cref="CommandPath"/> and <c>HomeDirectory</c> = <see cref="HomeDirectory"/>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ClpctlStandIn
{
    private const string Script = """
        #!/bin/bash
        # Test stand-in for CloudPanel's clpctl (see ClpctlStandIn.cs). Mirrors option parsing, texts and exit codes.
        STATE='__STATE__'
        HOME_BASE="$STATE/home"
        DB="$STATE/sites.db"
        touch "$DB"
        cmd="$1"
        [ $# -gt 0 ] && shift
        declare -A opt
        force=0
        for a in "$@"; do
          case "$a" in
            --force) force=1 ;;
            --*=*) k="${a%%=*}"; k="${k#--}"; opt["$k"]="${a#*=}" ;;
            *) echo "Too many arguments."; exit 1 ;;
          esac
        done
        line="$cmd"
        for k in "${!opt[@]}"; do
          v="${opt[$k]}"
          [ "$k" = "siteUserPassword" ] && v='***'
          line="$line --$k=$v"
        done
        [ $force = 1 ] && line="$line --force"
        printf '%s\n' "$line" >> "$STATE/calls.log"

        allow() {
          for k in "${!opt[@]}"; do
            ok=0
            for a in "$@"; do [ "$k" = "$a" ] && ok=1; done
            if [ $ok = 0 ]; then echo "The \"--$k\" option does not exist."; exit 1; fi
          done
        }
        need() {
          for a in "$@"; do
            if [ -z "${opt[$a]+x}" ] || [ -z "${opt[$a]}" ]; then echo "The \"--$a\" option requires a value."; exit 1; fi
          done
        }
        valid_domain() {
          [[ "$1" =~ ^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$ ]]
        }
        site_user_of() { awk -v d="$1" '$1==d {print $2}' "$DB"; }

        case "$cmd" in
          site:add:static)
            allow domainName siteUser siteUserPassword
            need domainName siteUser siteUserPassword
            d="$(echo "${opt[domainName]}" | tr 'A-Z' 'a-z' | xargs)"
            u="${opt[siteUser]}"
            p="${opt[siteUserPassword]}"
            if ! valid_domain "$d"; then echo "Domain name is not valid."; exit 1; fi
            if ! [[ "$u" =~ ^[a-z][a-z0-9_-]{0,31}$ ]]; then echo "Site user is not valid."; exit 1; fi
            if [ ${#p} -lt 8 ]; then echo "Site user password is too weak."; exit 1; fi
            if [ -n "$(site_user_of "$d")" ]; then echo "Domain name is already in use"; exit 1; fi
            if awk -v u="$u" '$2==u {f=1} END {exit !f}' "$DB"; then echo "Site user already exists."; exit 1; fi
            mkdir -p "$HOME_BASE/$u/htdocs/$d" "$HOME_BASE/$u/logs"
            echo "<html><body>$d</body></html>" > "$HOME_BASE/$u/htdocs/$d/index.html"
            echo "$d $u" >> "$DB"
            echo "Site $d has been added."
            ;;
          lets-encrypt:install:certificate)
            allow domainName subjectAlternativeName
            need domainName
            d="${opt[domainName]}"
            if [ -z "$(site_user_of "$d")" ]; then echo "DomainName \"$d\" does not exist."; exit 1; fi
            if [ -e "$STATE/le-fail-$d" ]; then
              echo "$d: Invalid response from http://$d/.well-known/acme-challenge/x: 404, www.$d: Invalid response from http://www.$d/.well-known/acme-challenge/y: 404"
              exit 1
            fi
            echo "$d" >> "$STATE/certs.db"
            echo "Certificate installation was successful."
            ;;
          site:delete)
            allow domainName
            need domainName
            d="${opt[domainName]}"
            u="$(site_user_of "$d")"
            if [ $force = 0 ]; then
              read -r -p "Confirm to delete the site: $d (yes/no): " answer
              [ "$answer" = "yes" ] || exit 0
            fi
            [ -z "$u" ] && exit 0
            awk -v d="$d" '$1!=d' "$DB" > "$DB.tmp" && mv "$DB.tmp" "$DB"
            # CloudPanel removes the site's certificate with it.
            if [ -f "$STATE/certs.db" ]; then
              awk -v d="$d" '$1!=d' "$STATE/certs.db" > "$STATE/certs.db.tmp" && mv "$STATE/certs.db.tmp" "$STATE/certs.db"
            fi
            rm -rf "$HOME_BASE/$u"
            echo "Site $d has been deleted."
            ;;
          "")
            echo "Available commands: site:add:static site:delete lets-encrypt:install:certificate"
            ;;
          *)
            echo "Command \"$cmd\" is not defined."
            exit 1
            ;;
        esac
        exit 0
        """;

    private ClpctlStandIn(string commandPath, string stateDirectory)
    {
        CommandPath = commandPath;
        StateDirectory = stateDirectory;
    }

    /// <summary>Absolute path of the stand-in (use as <c>CloudPanelOptions.ClpctlCommand</c>).</summary>
    public string CommandPath { get; }

    /// <summary>State directory (owned by the test user): sites db, call log, homes.</summary>
    public string StateDirectory { get; }

    /// <summary>Parent of the site users' homes (use as <c>CloudPanelOptions.HomeDirectory</c>).</summary>
    public string HomeDirectory => Path.Combine(StateDirectory, "home");

    /// <summary>Installs the stand-in into the server's <c>bin</c>, with a fresh state directory.</summary>
    /// <param name="server">The server whose login user runs it.</param>
    /// <returns>The stand-in.</returns>
    public static ClpctlStandIn Install(LoopbackSshServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return Install(server, Path.Combine(server.RootDirectory, "cloudpanel-" + Guid.NewGuid().ToString("N")[..6]), "clpctl-" + Guid.NewGuid().ToString("N")[..6]);
    }

    /// <summary>
    /// Installs the stand-in as <c>bin/{commandName}</c> with the given state directory; an existing state directory keeps
    /// its sites (used by <c>wf-demo</c>, whose sites survive restarts).
    /// </summary>
    /// <param name="server">The server whose login user runs it.</param>
    /// <param name="stateDirectory">Sites db, call log and homes.</param>
    /// <param name="commandName">File name in the server's <c>bin</c>.</param>
    /// <returns>The stand-in.</returns>
    public static ClpctlStandIn Install(LoopbackSshServer server, string stateDirectory, string commandName = "clpctl")
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        var state = server.CreateUserDirectory(Path.GetFullPath(stateDirectory));
        server.CreateUserDirectory(Path.Combine(state, "home"));
        var path = server.InstallExecutable(commandName, Script.Replace("__STATE__", state, StringComparison.Ordinal));
        return new ClpctlStandIn(path, state);
    }

    /// <summary>Every call so far, one line each (<c>command --opt=value ...</c>, password masked).</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            var log = Path.Combine(StateDirectory, "calls.log");
            return File.Exists(log) ? File.ReadAllLines(log) : [];
        }
    }

    /// <summary>Sites as <c>domain user</c> lines.</summary>
    public IReadOnlyList<string> Sites
    {
        get
        {
            var db = Path.Combine(StateDirectory, "sites.db");
            return File.Exists(db) ? File.ReadAllLines(db).Where(l => l.Length > 0).ToList() : [];
        }
    }

    /// <summary>Domains with an installed certificate (one line per installation).</summary>
    public IReadOnlyList<string> Certificates
    {
        get
        {
            var db = Path.Combine(StateDirectory, "certs.db");
            return File.Exists(db) ? File.ReadAllLines(db).Where(l => l.Length > 0).ToList() : [];
        }
    }

    /// <summary>Makes certificate validation fail for a domain (until <see cref="FixCertificateFor"/>).</summary>
    public void FailCertificateFor(string domain) => File.WriteAllText(Path.Combine(StateDirectory, "le-fail-" + domain), string.Empty);

    /// <summary>Lets certificate validation for a domain succeed again.</summary>
    public void FixCertificateFor(string domain) => File.Delete(Path.Combine(StateDirectory, "le-fail-" + domain));
}
