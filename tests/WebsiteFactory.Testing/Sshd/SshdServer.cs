using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace WebsiteFactory.Testing.Sshd;

/// <summary>
/// A private OpenSSH server on 127.0.0.1 for tests: own config, own ed25519 host key, own free port, <c>UsePAM no</c>,
/// public-key authentication only, one non-root test user (created with <c>useradd</c>, password field <c>*</c>) in
/// <c>AllowUsers</c>, and an authorised client key pair. Exposes the pin material (SHA-256 fingerprint, known_hosts
/// line) and a <c>bin</c> directory for stand-in programs. Needs root (useradd) and <c>/usr/sbin/sshd</c>
/// (apt <c>openssh-server</c>).
/// </summary>
public sealed class SshdServer : IAsyncDisposable
{
    /// <summary>Where Debian's openssh-server installs the daemon.</summary>
    public const string SshdPath = "/usr/sbin/sshd";

    private readonly Process _process;

    private SshdServer(Process process, string root, int port, string user, string fingerprint, string knownHostsLine)
    {
        _process = process;
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

    /// <summary>The test user (non-root).</summary>
    public string UserName { get; }

    /// <summary>Private working directory (config, keys, log, <c>bin</c>, the user's home).</summary>
    public string RootDirectory { get; }

    /// <summary>The test user's home directory.</summary>
    public string UserHome => Path.Combine(RootDirectory, "home", UserName);

    /// <summary>Directory for stand-in executables (readable and executable by the test user).</summary>
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

    /// <summary>Starts a server; throws with a clear message when sshd is not installed.</summary>
    public static async Task<SshdServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(SshdPath))
        {
            throw new InvalidOperationException($"{SshdPath} not found: install the openssh-server package (apt-get install openssh-server).");
        }

        var root = Path.Combine(Path.GetTempPath(), "wf-sshd-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(root);
        File.SetUnixFileMode(root, (UnixFileMode)Convert.ToInt32("755", 8));
        Directory.CreateDirectory("/run/sshd");
        File.SetUnixFileMode("/run/sshd", (UnixFileMode)Convert.ToInt32("755", 8));
        var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
        File.SetUnixFileMode(bin, (UnixFileMode)Convert.ToInt32("755", 8));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        File.SetUnixFileMode(Path.Combine(root, "home"), (UnixFileMode)Convert.ToInt32("755", 8));

        var hostKey = Path.Combine(root, "host_key");
        SshdProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "wf-test-host", "-f", hostKey);
        var clientKey = Path.Combine(root, "client_key");
        SshdProcess.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", "wf-test-client", "-f", clientKey);

        var user = "wfssh" + Guid.NewGuid().ToString("N")[..8];
        var home = Path.Combine(root, "home", user);
        SshdProcess.Run("useradd", "-m", "-d", home, "-s", "/bin/bash", user);
        SshdProcess.Run("usermod", "-p", "*", user); // unlocked, but no password: key auth only with UsePAM no

        var authDir = Directory.CreateDirectory(Path.Combine(root, "authorized_keys")).FullName;
        File.SetUnixFileMode(authDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var authFile = Path.Combine(authDir, user);
        await File.WriteAllTextAsync(authFile, await File.ReadAllTextAsync(clientKey + ".pub", cancellationToken), cancellationToken);
        File.SetUnixFileMode(authFile, (UnixFileMode)Convert.ToInt32("644", 8));

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
            // The home lives under /tmp, whose permissions StrictModes would reject; keys are root-owned anyway.
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
        var fingerprint = SshdProcess.Run("ssh-keygen", "-l", "-E", "sha256", "-f", hostKey + ".pub").Split(' ')[1];
        var pub = (await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken)).Split(' ');
        var knownHosts = $"[127.0.0.1]:{port.ToString(CultureInfo.InvariantCulture)} {pub[0]} {pub[1].Trim()}";
        await File.WriteAllTextAsync(Path.Combine(root, "known_hosts"), knownHosts + "\n", cancellationToken);

        var server = new SshdServer(process, root, port, user, fingerprint, knownHosts);
        await server.WaitUntilListeningAsync(cancellationToken);
        return server;
    }

    /// <summary>Installs an executable into <see cref="BinDirectory"/> and returns its path.</summary>
    public string InstallExecutable(string name, string content)
    {
        var path = Path.Combine(BinDirectory, name);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return path;
    }

    /// <summary>Creates a directory owned by the test user (e.g. a deploy target).</summary>
    public string CreateUserDirectory(string path)
    {
        Directory.CreateDirectory(path);
        SshdProcess.Run("chown", "-R", $"{UserName}:{UserName}", path);
        return path;
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
            try
            {
                SshdProcess.Run("userdel", "-f", UserName);
            }
            catch (InvalidOperationException)
            {
                // Best effort: a leftover test user is harmless (no password, not in any AllowUsers).
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
}
