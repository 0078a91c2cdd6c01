using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>
/// A private OpenSSH server on 127.0.0.1: own config, own ed25519 host key, own free port, <c>UsePAM no</c>, public-key
/// authentication only, one non-root login user in <c>AllowUsers</c>, and an authorised client key pair. Exposes the pin
/// material (SHA-256 fingerprint, known_hosts line) and a <c>bin</c> directory for stand-in programs such as
/// <see cref="ClpctlStandIn"/>. It is the "server" of the tests and of <c>wf-demo</c>.
/// </summary>
/// <remarks>
/// <para>As root, sshd runs as root and logs in a separate unprivileged user (created with <c>useradd</c>, password field
/// <c>*</c>): a throw-away one per instance, or a named one that is kept. Without root, sshd runs as the current user and
/// can only log in that user. Needs <c>/usr/sbin/sshd</c> (apt <c>openssh-server</c>) and <c>ssh-keygen</c>.</para>
/// <para>With a kept <see cref="LoopbackSshServerOptions.RootDirectory"/>, keys are reused and an sshd left running by a
/// killed earlier process (found through the pid file) is stopped first.</para>
/// </remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LoopbackSshServer : IAsyncDisposable
{
    /// <summary>Where Debian's openssh-server installs the daemon.</summary>
    public const string SshdPath = "/usr/sbin/sshd";

    private readonly Process _process;
    private readonly bool _ephemeral;
    private readonly bool _createdUser;

    private LoopbackSshServer(Process process, string root, int port, string user, string fingerprint, string knownHostsLine, bool ephemeral, bool createdUser)
    {
        _process = process;
        _ephemeral = ephemeral;
        _createdUser = createdUser;
        RootDirectory = root;
        Port = port;
        UserName = user;
        HostKeyFingerprintSha256 = fingerprint;
        KnownHostsLine = knownHostsLine;
    }

    /// <summary>Loopback address the server listens on.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; }

    /// <summary>The login user (never root).</summary>
    public string UserName { get; }

    /// <summary>Private working directory (config, keys, log, <c>bin</c>, the user's home).</summary>
    public string RootDirectory { get; }

    /// <summary>The login user's home directory (under <see cref="RootDirectory"/> when the user was created here).</summary>
    public string UserHome => Path.Combine(RootDirectory, "home", UserName);

    /// <summary>Directory for stand-in executables (readable and executable by the login user).</summary>
    public string BinDirectory => Path.Combine(RootDirectory, "bin");

    /// <summary>Host key fingerprint as <c>ssh-keygen -lf</c> prints it: <c>SHA256:</c> + base64.</summary>
    public string HostKeyFingerprintSha256 { get; }

    /// <summary>known_hosts line: <c>[127.0.0.1]:PORT ssh-ed25519 AAAA…</c>.</summary>
    public string KnownHostsLine { get; }

    /// <summary>A known_hosts file holding <see cref="KnownHostsLine"/>.</summary>
    public string KnownHostsFile => Path.Combine(RootDirectory, "known_hosts");

    /// <summary>Authorised client private key (OpenSSH PEM) path, mode 0600.</summary>
    public string ClientKeyPath => Path.Combine(RootDirectory, "client_key");

    /// <summary>Authorised client private key text (OpenSSH format).</summary>
    public string ClientPrivateKey => File.ReadAllText(ClientKeyPath);

    /// <summary>sshd's log file.</summary>
    public string LogPath => Path.Combine(RootDirectory, "sshd.log");

    /// <summary>True when this process runs as root.</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Starts a throw-away server (fresh directory and, as root, a fresh user; both removed on dispose).</summary>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The running server.</returns>
    public static Task<LoopbackSshServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(new LoopbackSshServerOptions(), cancellationToken);

    /// <summary>Starts a server; throws with a clear message when sshd is not installed.</summary>
    /// <param name="options">Directory and user.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The running server.</returns>
    public static async Task<LoopbackSshServer> StartAsync(LoopbackSshServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(SshdPath))
        {
            throw new InvalidOperationException($"{SshdPath} not found: install the openssh-server package (apt-get install openssh-server).");
        }

        var ephemeral = options.RootDirectory is null;
        var root = Path.GetFullPath(options.RootDirectory ?? Path.Combine(Path.GetTempPath(), "wf-sshd-" + Guid.NewGuid().ToString("N")[..10]));
        CreatePublicDirectory(root);
        StopLeftover(Path.Combine(root, "sshd.pid"));
        if (IsRoot)
        {
            CreatePublicDirectory("/run/sshd");
        }

        CreatePublicDirectory(Path.Combine(root, "bin"));
        CreatePublicDirectory(Path.Combine(root, "home"));

        var hostKey = Path.Combine(root, "host_key");
        EnsureKey(hostKey, "wf-local-host");
        var clientKey = Path.Combine(root, "client_key");
        EnsureKey(clientKey, "wf-local-client");

        var (user, createdUser) = EnsureUser(options.UserName, root, ephemeral);
        var authDir = Path.Combine(root, "authorized_keys");
        CreatePublicDirectory(authDir);
        var authFile = Path.Combine(authDir, user);
        await File.WriteAllTextAsync(authFile, await File.ReadAllTextAsync(clientKey + ".pub", cancellationToken), cancellationToken);
        File.SetUnixFileMode(authFile, Mode("644"));

        var port = FreePort();
        var config = Path.Combine(root, "sshd_config");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"Port {port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {hostKey}",
            $"PidFile {Path.Combine(root, "sshd.pid")}",
            "UsePAM no",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            $"AuthorizedKeysFile {authDir}/%u",
            $"AllowUsers {user}",
            "PermitRootLogin no",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            // Homes may live under /tmp, whose permissions StrictModes would reject; the key files are not the user's to change.
            "StrictModes no",
            "LogLevel VERBOSE",
            "MaxStartups 50:30:100",
            "MaxSessions 20",
            "Subsystem sftp internal-sftp",
            string.Empty), cancellationToken);

        var psi = new ProcessStartInfo(SshdPath) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-D", "-f", config, "-E", Path.Combine(root, "sshd.log") })
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start sshd.");
        var fingerprint = ProcessCommand.Run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").Split(' ')[1];
        var pub = (await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken)).Split(' ');
        var knownHosts = $"[127.0.0.1]:{port.ToString(CultureInfo.InvariantCulture)} {pub[0]} {pub[1].Trim()}";
        await File.WriteAllTextAsync(Path.Combine(root, "known_hosts"), knownHosts + "\n", cancellationToken);

        var server = new LoopbackSshServer(process, root, port, user, fingerprint, knownHosts, ephemeral, createdUser);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Installs an executable into <see cref="BinDirectory"/> and returns its path.</summary>
    public string InstallExecutable(string name, string content)
    {
        var path = Path.Combine(BinDirectory, name);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, Mode("755"));
        return path;
    }

    /// <summary>Creates a directory owned by the login user (e.g. a deploy target).</summary>
    public string CreateUserDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (IsRoot)
        {
            ProcessCommand.Run("chown", "-R", $"{UserName}:{UserName}", path);
        }

        return path;
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    private static void CreatePublicDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Mode("755"));
    }

    private static void EnsureKey(string path, string comment)
    {
        if (!File.Exists(path) || !File.Exists(path + ".pub"))
        {
            File.Delete(path);
            File.Delete(path + ".pub");
            ProcessCommand.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", comment, "-f", path);
        }
    }

    private static (string User, bool Created) EnsureUser(string? requested, string root, bool ephemeral)
    {
        if (!IsRoot)
        {
            var me = Environment.UserName;
            return requested is null || requested == me
                ? (me, false)
                : throw new InvalidOperationException($"Without root, sshd can only log in the user it runs as ('{me}'), not '{requested}'.");
        }

        var user = requested ?? "wfssh" + Guid.NewGuid().ToString("N")[..8];
        if (user == "root" || !System.Text.RegularExpressions.Regex.IsMatch(user, "^[a-z_][a-z0-9_-]{0,30}$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new ArgumentException($"'{user}' is not an allowed login user name.", nameof(requested));
        }

        if (!ProcessCommand.TryRun("id", ["-u", user], out _, out _))
        {
            var home = Path.Combine(root, "home", user);
            ProcessCommand.Run("useradd", ephemeral ? ["-m", "-d", home, "-s", "/bin/bash", user] : ["--system", "-m", "-d", home, "-s", "/bin/bash", user]);
            ProcessCommand.Run("usermod", "-p", "*", user); // unlocked, but no password: key auth only with UsePAM no
            return (user, true);
        }

        return (user, false);
    }

    /// <summary>Stops an sshd a killed earlier process left behind in a kept directory (only if it still is sshd).</summary>
    private static void StopLeftover(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return;
        }

        try
        {
            using var old = Process.GetProcessById(pid);
            if (old.ProcessName == "sshd")
            {
                old.Kill();
                old.WaitForExit(5000);
            }
        }
        catch (ArgumentException)
        {
            // Not running any more.
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }

        File.Delete(pidFile);
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                var log = File.Exists(LogPath) ? await File.ReadAllTextAsync(LogPath, cancellationToken) : string.Empty;
                throw new InvalidOperationException($"sshd exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync(cancellationToken)} {log}");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken); // polling a condition (port open), not a fixed wait
            }
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            if (_ephemeral)
            {
                RemoveThrowAwayState();
            }
        }
    }

    private void RemoveThrowAwayState()
    {
        if (_createdUser)
        {
            // Only a user this instance created is removed; a pre-existing one (or, without root, the caller) is not.
            ProcessCommand.TryRun("userdel", ["-f", UserName], out _, out _); // best effort: a leftover has no password and no AllowUsers
        }

        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
