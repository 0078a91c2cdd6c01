using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using WebsiteFactory.Core.Errors;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Deploy;

/// <summary>
/// An SSH.NET connection to a deploy target, no OpenSSH binary involved: the host key pinned by SHA-256 fingerprint
/// (checked before authentication, no trust on first use), the private key read from the secret store and held in memory
/// only, fixed scripts run as <c>sh -c SCRIPT sh ARGS</c> with every argument POSIX-quoted, and SFTP opened on demand.
/// </summary>
internal sealed class TargetSsh : IDisposable
{
    private readonly DeployTarget _target;
    private readonly string _provider;
    private readonly PrivateKeyFile _key;
    private readonly SshClient _ssh;
    private SftpClient? _sftp;

    private TargetSsh(DeployTarget target, string provider, PrivateKeyFile key, SshClient ssh)
    {
        _target = target;
        _provider = provider;
        _key = key;
        _ssh = ssh;
    }

    /// <summary><c>user@host:port</c>, for messages.</summary>
    public string Where => $"{_target.User}@{_target.Host}:{_target.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Connects and authenticates (the target must have been validated).</summary>
    public static async Task<TargetSsh> ConnectAsync(DeployTarget target, ISecretStore secrets, TimeSpan timeout, string provider, CancellationToken cancellationToken)
    {
        var pem = await secrets.GetAsync(target.KeySecretName, cancellationToken).ConfigureAwait(false);
        PrivateKeyFile key;
        try
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(pem));
            key = new PrivateKeyFile(stream);
        }
        catch (Exception e) when (e is SshException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Never the key material or the parser's message (it can quote the input).
            throw new ProviderException(provider, ProviderErrorKind.Permanent, $"The SSH key in secret '{target.KeySecretName}' is not a usable OpenSSH private key.", vendorCode: "auth");
        }

        var ssh = new SshClient(Info(target, key, timeout));
        var session = new TargetSsh(target, provider, key, ssh);
        try
        {
            await session.ConnectAsync(ssh, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs a fixed script with validated arguments; returns its standard output. A non-zero exit is a
    /// <see cref="ProviderException"/> (permanent, vendor code = exit code) with the last lines of standard error.
    /// </summary>
    public async Task<string> RunAsync(string script, IReadOnlyList<string> args, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var r = await TryRunAsync(script, args, what, timeout, cancellationToken).ConfigureAwait(false);
        return r.ExitCode == 0
            ? r.Output
            : throw new ProviderException(_provider, ProviderErrorKind.Permanent, $"{what} on {Where} failed (exit {r.ExitCode}): {r.ErrorTail}", vendorCode: r.ExitCode.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Runs a fixed script with validated arguments and returns its exit code, output and the tail of its errors.</summary>
    public async Task<ScriptResult> TryRunAsync(string script, IReadOnlyList<string> args, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The login shell runs the command line: the script and every argument are single-quoted words, so nothing in
        // them is expanded by it; `sh` then runs the script with the arguments as $1..$n.
        var command = "sh -c " + PosixShell.Quote(script.ReplaceLineEndings("\n")) + " sh " + string.Join(' ', args.Select(PosixShell.Quote));
        using var cmd = _ssh.CreateCommand(command);
        cmd.CommandTimeout = timeout;
        try
        {
            await cmd.ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SshOperationTimeoutException)
        {
            throw new ProviderException(_provider, ProviderErrorKind.Transient, $"{what} on {Where} did not finish within {timeout.TotalSeconds:0} s.", vendorCode: "timeout");
        }
        catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException)
        {
            throw new ProviderException(_provider, ProviderErrorKind.Transient, $"{what} on {Where}: the SSH connection failed ({e.GetType().Name}).", vendorCode: "connection");
        }

        return new ScriptResult(cmd.ExitStatus ?? -1, cmd.Result ?? string.Empty, LastLines(cmd.Error ?? string.Empty, 15));
    }

    /// <summary>The SFTP channel (a second connection, opened on first use with the same pinned key and credentials).</summary>
    public async Task<SftpClient> SftpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_sftp is null)
        {
            var sftp = new SftpClient(Info(_target, _key, timeout)) { OperationTimeout = timeout };
            try
            {
                await ConnectAsync(sftp, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                sftp.Dispose();
                throw;
            }

            _sftp = sftp;
        }

        return _sftp;
    }

    /// <summary>Maps an SFTP failure to a provider error.</summary>
    public ProviderException SftpError(Exception e, string what) => e switch
    {
        SftpPermissionDeniedException => new ProviderException(_provider, ProviderErrorKind.Permanent, $"{what} on {Where}: permission denied.", vendorCode: "sftp-permission"),
        SftpPathNotFoundException => new ProviderException(_provider, ProviderErrorKind.Permanent, $"{what} on {Where}: a directory is missing.", vendorCode: "sftp-path"),
        _ => new ProviderException(_provider, ProviderErrorKind.Transient, $"{what} on {Where} failed ({e.GetType().Name}).", vendorCode: "sftp"),
    };

    /// <summary>The last <paramref name="count"/> non-empty lines, joined with <c> | </c>.</summary>
    public static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - count)));
    }

    public void Dispose()
    {
        if (_sftp is { IsConnected: true })
        {
            _sftp.Disconnect();
        }

        _sftp?.Dispose();
        if (_ssh.IsConnected)
        {
            _ssh.Disconnect();
        }

        _ssh.Dispose();
        _key.Dispose();
    }

    private static ConnectionInfo Info(DeployTarget target, PrivateKeyFile key, TimeSpan timeout) =>
        new(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key)) { Timeout = timeout };

    private async Task ConnectAsync(BaseClient client, CancellationToken cancellationToken)
    {
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = "SHA256:" + e.FingerPrintSHA256;
            e.CanTrust = _target.HostKey.Matches(presented);
        };

        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (presented is not null && !_target.HostKey.Matches(presented))
            {
                throw new ProviderException(_provider, ProviderErrorKind.Permanent,
                    $"The SSH host key of {_target.Host}:{_target.Port} ({presented}) does not match the pinned fingerprint {_target.HostKey}; refusing to connect.", vendorCode: "host-key");
            }

            throw e switch
            {
                SshAuthenticationException => new ProviderException(_provider, ProviderErrorKind.Permanent, $"{Where} refused the SSH key (permission denied).", vendorCode: "auth"),
                _ => new ProviderException(_provider, ProviderErrorKind.Transient, $"Could not reach {Where} over SSH ({e.GetType().Name}).", vendorCode: "connect"),
            };
        }
    }

    /// <summary>What a script did.</summary>
    internal sealed record ScriptResult(int ExitCode, string Output, string ErrorTail);
}
