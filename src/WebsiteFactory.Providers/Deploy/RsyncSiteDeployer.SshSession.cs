using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Build;

namespace WebsiteFactory.Providers.Deploy;

/// <content>The SSH session of one deploy: key, pinned known_hosts and the shared connection.</content>
public sealed partial class RsyncSiteDeployer
{
    /// <summary>Temporary key + pinned known_hosts for one operation; deleted on dispose.</summary>
    private sealed class SshSession : IAsyncDisposable
    {
        private const int MaxSocketPath = 100;
        private static int s_swept;

        private readonly RsyncSiteDeployer _owner;
        private readonly DeployTarget _target;
        private readonly string _dir;
        private readonly string? _socketDir;

        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private SshSession(RsyncSiteDeployer owner, DeployTarget target, string dir)
        {
            _owner = owner;
            _target = target;
            _dir = dir;

            // ssh appends ".XXXXXXXXXXXXXXXX" to the control path while binding, and a Unix socket path holds at most
            // 104-108 bytes: under a deep data directory the socket goes to a short 0700 directory of its own in temp.
            var socket = Path.Combine(dir, "cm");
            if (Encoding.UTF8.GetByteCount(socket) + 17 > MaxSocketPath)
            {
                _socketDir = Path.Combine(Path.GetTempPath(), "wf-cm-" + Guid.NewGuid().ToString("N")[..16]);
                Directory.CreateDirectory(_socketDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                socket = Path.Combine(_socketDir, "cm");
            }

            ControlSocket = socket;
        }

        private string KeyFile => Path.Combine(_dir, "id");

        private string KnownHostsFile => Path.Combine(_dir, "known_hosts");

        private IEnumerable<string> SshOptions =>
        [
            "-p", _target.Port.ToString(CultureInfo.InvariantCulture),
            "-i", KeyFile,
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + KnownHostsFile,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "ConnectTimeout=" + ((int)_owner._options.ConnectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-o", "LogLevel=ERROR",

            // One SSH connection per deploy: the first command opens a master on a socket in the 0700 session directory,
            // rsync and the switch script ride on it, DisposeAsync closes it (ControlPersist is only the fallback).
            "-o", "ControlMaster=auto",
            "-o", "ControlPath=" + ControlSocket,
            "-o", "ControlPersist=60",
        ];

        private string ControlSocket { get; }

        /// <summary>The <c>-e</c> value for rsync (rsync splits it on spaces; the temp paths contain none).</summary>
        public string SshCommandLine => _owner._options.SshCommand + " " + string.Join(' ', SshOptions);

        public static async Task<SshSession> OpenAsync(RsyncSiteDeployer owner, DeployTarget target, CancellationToken cancellationToken)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("The rsync deployer needs a POSIX system (file modes for the SSH key).");
            }

            var root = SessionRoot(owner._options);
            Directory.CreateDirectory(root);
            SweepLeftovers(owner._options);
            var dir = Path.Combine(root, "wf-ssh-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var session = new SshSession(owner, target, dir);
            try
            {
                var key = await owner._secrets.GetAsync(target.KeySecretName, cancellationToken).ConfigureAwait(false);
                await using (var stream = new FileStream(session.KeyFile, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }))
                await using (var writer = new StreamWriter(stream))
                {
                    // OpenSSH rejects a key file without the final newline.
                    await writer.WriteAsync(key.ReplaceLineEndings("\n").TrimEnd('\n') + "\n").ConfigureAwait(false);
                }

                await session.PinHostKeyAsync(cancellationToken).ConfigureAwait(false);
                return session;
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Deletes session directories (each holding a private key) that a killed worker left behind: any older than the
        /// longest a deploy may take. Runs once per process; a live session is never that old.
        /// </summary>
        // rsync splits its -e value on spaces, and the key and known_hosts paths are in it: a configured directory with
        // white space cannot be used, so sessions then stay in temp (they are per deploy, so nothing is shared either way).
        private static string SessionRoot(RsyncDeployOptions options) =>
            string.IsNullOrWhiteSpace(options.SessionDirectory) || options.SessionDirectory.Any(char.IsWhiteSpace)
                ? Path.GetTempPath()
                : Path.GetFullPath(options.SessionDirectory);

        private static void SweepLeftovers(RsyncDeployOptions options)
        {
            if (Interlocked.Exchange(ref s_swept, 1) == 0)
            {
                SweepStaleSessions(SessionRoot(options), DateTime.UtcNow - (options.TransferTimeout + (options.ConnectTimeout * 8) + TimeSpan.FromMinutes(5)));
            }
        }

        public async Task<string> RunScriptAsync(string script, IReadOnlyList<string> args, string what, CancellationToken cancellationToken)
        {
            // ssh joins the remote words with spaces and hands them to the login shell: quote each one.
            var remote = "sh -s -- " + string.Join(' ', args.Select(PosixShell.Quote));
            var argv = SshOptions.Append($"{_target.User}@{_target.Host}").Append(remote);
            var r = await ProcessRunner.RunAsync(_owner._options.SshCommand, argv, Path.GetTempPath(), new Dictionary<string, string?>(), _owner._options.ConnectTimeout * 4, cancellationToken, script).ConfigureAwait(false);
            var where = $"{_target.User}@{_target.Host}:{_target.Port}";
            return r.ExitCode switch
            {
                0 => r.OutputTail,
                255 => throw SshError(255, r.OutputTail, where, what),
                -1 => throw new ProviderException(Provider, ProviderErrorKind.Transient, $"{what} on {where} timed out."),
                _ => throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"{what} on {where} failed (exit {r.ExitCode}): {LastLines(r.OutputTail)}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture)),
            };
        }

        private async Task PinHostKeyAsync(CancellationToken cancellationToken)
        {
            var r = await ProcessRunner.RunAsync(
                _owner._options.SshKeyscanCommand,
                ["-p", _target.Port.ToString(CultureInfo.InvariantCulture), "-T", ((int)_owner._options.ConnectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), _target.Host],
                Path.GetTempPath(),
                new Dictionary<string, string?>(),
                _owner._options.ConnectTimeout * 2,
                cancellationToken).ConfigureAwait(false);
            var matching = new List<string>();
            var seen = 0;
            foreach (var line in r.OutputTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith('#'))
                {
                    continue;
                }

                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 3)
                {
                    continue;
                }

                byte[] blob;
                try
                {
                    blob = Convert.FromBase64String(parts[2]);
                }
                catch (FormatException)
                {
                    continue;
                }

                seen++;
                if (_target.HostKey.Matches(Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=')))
                {
                    matching.Add(line);
                }
            }

            var where = $"{_target.Host}:{_target.Port}";
            if (seen == 0)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Transient, $"Could not read the SSH host key of {where} (unreachable?).", vendorCode: "keyscan");
            }

            if (matching.Count == 0)
            {
                throw new ProviderException(Provider, ProviderErrorKind.Permanent, $"The SSH host key of {where} does not match the pinned fingerprint {_target.HostKey.Value}; refusing to connect.", vendorCode: "host-key");
            }

            await File.WriteAllLinesAsync(KnownHostsFile, matching, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            if (File.Exists(ControlSocket))
            {
                // Close the shared connection now rather than when ControlPersist runs out; failure only means it is gone.
                await ProcessRunner.RunAsync(
                    _owner._options.SshCommand,
                    ["-o", "ControlPath=" + ControlSocket, "-O", "exit", $"{_target.User}@{_target.Host}"],
                    Path.GetTempPath(),
                    new Dictionary<string, string?>(),
                    TimeSpan.FromSeconds(10),
                    CancellationToken.None).ConfigureAwait(false);
            }

            foreach (var dir in new[] { _dir, _socketDir })
            {
                try
                {
                    if (dir is not null)
                    {
                        Directory.Delete(dir, recursive: true);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Best effort; the key file is 0600 in a 0700 directory, and the next process sweeps leftovers.
                }
            }
        }
    }
}
