namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>
/// Bash stand-ins for the two system commands the server console runs that a test machine has no business running for
/// real: <c>systemctl</c> (only <c>show --property=… -- UNIT…</c> and <c>reload UNIT</c>) and <c>nginx</c> (only <c>-t</c>),
/// installed into a <see cref="LoopbackSshServer"/>'s <c>bin</c>. Unit states come from a state file
/// (<see cref="SetUnit"/>); a unit not in it is reported as systemd reports a missing one (<c>LoadState=not-found</c>).
/// Every call is appended to <see cref="Calls"/>. Point the console at them with <c>Providers:ServerConsole:SystemctlCommand</c>
/// = <see cref="SystemctlPath"/> and <c>NginxCommand</c> = <see cref="NginxPath"/>. <c>/proc</c>, <c>df</c>, <c>openssl</c>,
/// <c>tail</c> and <c>grep</c> are the machine's own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServerToolsStandIn
{
    private const string Systemctl = """
        #!/bin/bash
        # Test stand-in for systemctl (see ServerToolsStandIn.cs).
        STATE='__STATE__'
        printf 'systemctl %s\n' "$*" >> "$STATE/calls.log"
        case "$1" in
          show)
            shift
            props=""
            while [ $# -gt 0 ]; do
              case "$1" in
                --property=*) props="${1#--property=}" ;;
                --) shift; break ;;
                *) break ;;
              esac
              shift
            done
            first=1
            for unit in "$@"; do
              name="${unit%.service}"
              line="$(awk -v n="$name" '$1==n {print; exit}' "$STATE/units")"
              [ $first = 1 ] || echo
              first=0
              echo "Id=$unit"
              if [ -z "$line" ]; then
                echo "LoadState=not-found"; echo "ActiveState=inactive"; echo "SubState=dead"
              else
                set -- $line
                echo "LoadState=loaded"; echo "ActiveState=$2"; echo "SubState=$3"
              fi
            done
            ;;
          reload)
            if [ -e "$STATE/reload-fails" ]; then echo "Job for $2.service failed." >&2; exit 1; fi
            exit 0
            ;;
          *)
            echo "Unknown command verb $1." >&2
            exit 1
            ;;
        esac
        """;

    private const string Nginx = """
        #!/bin/bash
        # Test stand-in for nginx -t (see ServerToolsStandIn.cs).
        STATE='__STATE__'
        printf 'nginx %s\n' "$*" >> "$STATE/calls.log"
        if [ "$1" != "-t" ]; then echo "nginx stand-in: only -t is supported" >&2; exit 1; fi
        if [ -e "$STATE/nginx-broken" ]; then
          echo 'nginx: [emerg] unexpected "}" in /etc/nginx/sites-enabled/example.com.conf:42' >&2
          echo 'nginx: configuration file /etc/nginx/nginx.conf test failed' >&2
          exit 1
        fi
        echo 'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok' >&2
        echo 'nginx: configuration file /etc/nginx/nginx.conf test is successful' >&2
        """;

    private ServerToolsStandIn(string systemctlPath, string nginxPath, string stateDirectory)
    {
        SystemctlPath = systemctlPath;
        NginxPath = nginxPath;
        StateDirectory = stateDirectory;
    }

    /// <summary>Absolute path of the <c>systemctl</c> stand-in.</summary>
    public string SystemctlPath { get; }

    /// <summary>Absolute path of the <c>nginx</c> stand-in.</summary>
    public string NginxPath { get; }

    /// <summary>State directory: unit states, flags, call log.</summary>
    public string StateDirectory { get; }

    /// <summary>Every call so far (<c>systemctl …</c> / <c>nginx …</c>), one line each.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            var log = Path.Combine(StateDirectory, "calls.log");
            return File.Exists(log) ? File.ReadAllLines(log) : [];
        }
    }

    /// <summary>Installs both stand-ins with nginx, php8.3-fpm and mysql active and running (no varnish).</summary>
    /// <param name="server">The server whose login user runs them.</param>
    /// <returns>The stand-ins.</returns>
    public static ServerToolsStandIn Install(LoopbackSshServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var state = server.CreateUserDirectory(Path.Combine(server.RootDirectory, "server-tools-" + tag));
        File.WriteAllText(Path.Combine(state, "units"), "nginx active running\nphp8.3-fpm active running\nmysql active running\n");
        server.CreateUserDirectory(state);
        var systemctl = server.InstallExecutable("systemctl-" + tag, Systemctl.Replace("__STATE__", state, StringComparison.Ordinal));
        var nginx = server.InstallExecutable("nginx-" + tag, Nginx.Replace("__STATE__", state, StringComparison.Ordinal));
        return new ServerToolsStandIn(systemctl, nginx, state);
    }

    /// <summary>Sets a unit's state (adds it when missing).</summary>
    /// <param name="name">Unit name without <c>.service</c>.</param>
    /// <param name="activeState">e.g. <c>active</c>, <c>failed</c>.</param>
    /// <param name="subState">e.g. <c>running</c>, <c>dead</c>.</param>
    public void SetUnit(string name, string activeState, string subState)
    {
        var file = Path.Combine(StateDirectory, "units");
        var lines = File.ReadAllLines(file).Where(l => l.Split(' ')[0] != name).Append($"{name} {activeState} {subState}");
        File.WriteAllLines(file, lines);
    }

    /// <summary>Makes <c>nginx -t</c> fail (true) or pass (false).</summary>
    /// <param name="broken">Whether the configuration is broken.</param>
    public void SetNginxConfigBroken(bool broken)
    {
        var flag = Path.Combine(StateDirectory, "nginx-broken");
        if (broken)
        {
            File.WriteAllText(flag, string.Empty);
        }
        else
        {
            File.Delete(flag);
        }
    }
}
