namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>
/// A bash stand-in for CloudPanel's <c>clpctl</c>, installed into an <see cref="LoopbackSshServer"/>'s <c>bin</c>. It parses
/// options like the real Symfony console app (<c>--name=value</c> only, unknown options and commands rejected, exit 1 with
/// the error on stdout), prints the real success texts, creates <c>{home}/{siteUser}/htdocs/{domain}</c> under a state
/// directory owned by the login user, keeps each site's certificate like CloudPanel (self-signed from <c>site:add:static</c>,
/// then one from a stand-in "Let's Encrypt R11" CA, EC keys made with openssl), and appends every call to a log (passwords
/// masked). Point the CloudPanel adapter at it with <c>Providers:CloudPanel:ClpctlCommand</c> = <see cref="CommandPath"/>,
/// <c>HomeDirectory</c> = <see cref="HomeDirectory"/> and <c>CertificateDirectory</c> = <see cref="CertificateDirectory"/>.
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
        # Changes to the site list one at a time, as CloudPanel's own database serializes its writes: site:delete rewrites
        # sites.db (read, filter, rename), and two at once lost one of the deletions (parallel teardowns). The slow part,
        # openssl, runs outside the lock: one stand-in serves every server record of a test or benchmark, and a lock
        # around whole commands made five servers as slow as one.
        exec 9>"$STATE/.clpctl.lock"
        lock() { flock 9; }
        unlock() { flock -u 9; }
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
        # Certificates live where CloudPanel keeps them (/etc/nginx/ssl-certificates/{domain}.crt and .key); files are
        # written under a temporary name and renamed, so a reader never sees half a certificate.
        SSL="$STATE/ssl-certificates"
        mkdir -p "$SSL"
        P256=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
        # self_signed DOMAIN TEMP: writes TEMP.key and TEMP.crt (the caller moves them into place under the lock).
        self_signed() {
          openssl req -x509 "${P256[@]}" -keyout "$2.key" -out "$2.crt" -days 3650 -subj "/CN=$1" \
            -addext "subjectAltName=DNS:$1,DNS:www.$1" >/dev/null 2>&1
        }
        # A fake Let's Encrypt intermediate, made once per state directory (the rename makes concurrent first calls safe).
        ensure_ca() {
          [ -s "$STATE/ca/ca.crt" ] && return 0
          local t="$STATE/.ca.$$"
          mkdir -p "$t"
          openssl req -x509 "${P256[@]}" -keyout "$t/ca.key" -out "$t/ca.crt" -days 3650 \
            -subj "/C=US/O=Let's Encrypt (stand-in)/CN=R11" >/dev/null 2>&1 || { rm -rf "$t"; return 1; }
          mv -T "$t" "$STATE/ca" 2>/dev/null || rm -rf "$t"
          [ -s "$STATE/ca/ca.crt" ]
        }
        issue() {
          local t="$SSL/.$1.$$" days=90
          [ -s "$STATE/le-days" ] && days="$(cat "$STATE/le-days")"
          ensure_ca || return 1
          openssl req -new "${P256[@]}" -keyout "$t.key" -subj "/CN=$1" 2>/dev/null \
            | openssl x509 -req -CA "$STATE/ca/ca.crt" -CAkey "$STATE/ca/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
                -days "$days" -out "$t.crt" \
                -extfile <(printf 'subjectAltName=DNS:%s,DNS:www.%s\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n' "$1" "$1") \
                >/dev/null 2>&1 \
            && mv "$t.key" "$SSL/$1.key" && mv "$t.crt" "$SSL/$1.crt"
        }

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
            t="$SSL/.$d.$$"
            if ! self_signed "$d" "$t"; then rm -f "$t.key" "$t.crt"; echo "Self-signed certificate for $d could not be created."; exit 1; fi
            lock
            if [ -n "$(site_user_of "$d")" ]; then rm -f "$t.key" "$t.crt"; echo "Domain name is already in use"; exit 1; fi
            if awk -v u="$u" '$2==u {f=1} END {exit !f}' "$DB"; then rm -f "$t.key" "$t.crt"; echo "Site user already exists."; exit 1; fi
            mkdir -p "$HOME_BASE/$u/htdocs/$d" "$HOME_BASE/$u/logs/nginx"
            touch "$HOME_BASE/$u/logs/nginx/access.log" "$HOME_BASE/$u/logs/nginx/error.log"
            echo "<html><body>$d</body></html>" > "$HOME_BASE/$u/htdocs/$d/index.html"
            mv "$t.key" "$SSL/$d.key" && mv "$t.crt" "$SSL/$d.crt"
            echo "$d $u" >> "$DB"
            unlock
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
            if ! issue "$d"; then echo "$d: certificate could not be issued (stand-in CA failed)."; exit 1; fi
            lock
            echo "$d" >> "$STATE/certs.db"
            unlock
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
            lock
            u="$(site_user_of "$d")"
            [ -z "$u" ] && exit 0
            awk -v d="$d" '$1!=d' "$DB" > "$DB.tmp" && mv "$DB.tmp" "$DB"
            # CloudPanel removes the site's certificate with it.
            if [ -f "$STATE/certs.db" ]; then
              awk -v d="$d" '$1!=d' "$STATE/certs.db" > "$STATE/certs.db.tmp" && mv "$STATE/certs.db.tmp" "$STATE/certs.db"
            fi
            rm -rf "$HOME_BASE/$u"
            rm -f "$SSL/$d.crt" "$SSL/$d.key"
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

    /// <summary>
    /// The sites' installed certificates, <c>{domain}.crt</c> and <c>.key</c> (use as <c>CloudPanelOptions.CertificateDirectory</c>):
    /// a self-signed one from <c>site:add:static</c>, then one from the stand-in "Let's Encrypt" CA.
    /// </summary>
    public string CertificateDirectory => Path.Combine(StateDirectory, "ssl-certificates");

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
        server.CreateUserDirectory(Path.Combine(state, "ssl-certificates"));
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

    /// <summary>Validity in days of the certificates issued from now on (default 90, as Let's Encrypt's).</summary>
    /// <param name="days">1 or more.</param>
    public void SetCertificateValidity(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        File.WriteAllText(Path.Combine(StateDirectory, "le-days"), days.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
