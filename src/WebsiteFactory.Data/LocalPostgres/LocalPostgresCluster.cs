using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace WebsiteFactory.Data.LocalPostgres;

/// <summary>
/// A private PostgreSQL cluster started by the application itself: the embedded default when no connection string is
/// configured. Finds the installed server binaries, initialises the cluster on first use, starts it listening on a Unix
/// socket in a directory only its owner can open, creates the application database, and stops it on dispose if this
/// process started it.
/// </summary>
/// <remarks>
/// <para>Run as root, the server runs as <see cref="LocalPostgresOptions.ServerUser"/> (<c>initdb</c> refuses root) through
/// <c>runuser</c>; its directories are given to that user. Run as a normal user, the server runs as that user.</para>
/// <para>Local socket connections use <c>trust</c> authentication: the socket directory has mode 0700, so only the owner
/// (and root) can connect. TCP, when enabled, requires a password (<c>scram-sha-256</c>).</para>
/// <para>A file lock serialises start-up. The process that starts the server records itself in <see cref="OwnerFile"/>
/// and stops it on dispose (<c>pg_ctl stop -m fast</c>). A process that finds the server running reads that record: a
/// dead owner (a predecessor killed with <c>kill -9</c>) is replaced, and the new process adopts the server and stops it
/// on exit; a live owner of the same database (two servers on one data directory) is refused with a message; a live
/// owner of another database (the demo's <c>wf_demo</c> beside the server) or this process itself is shared, and only
/// the owner stops the server.</para>
/// </remarks>
public sealed partial class LocalPostgresCluster : IAsyncDisposable
{
    private readonly LocalPostgresOptions _options;
    private readonly string _bin;
    private readonly Action<string> _progress;
    private bool _startedByUs;

    private LocalPostgresCluster(LocalPostgresOptions options, string bin, Action<string> progress)
    {
        _options = options;
        _bin = bin;
        _progress = progress;
        RootDirectory = Path.GetFullPath(options.Directory ?? DefaultDirectory());
    }

    /// <summary>The cluster's directory (holds <c>data/</c>, <c>run/</c>, <c>log/</c>).</summary>
    public string RootDirectory { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The directory of the Unix socket.</summary>
    public string SocketDirectory => Path.Combine(RootDirectory, "run");

    /// <summary>The server log file.</summary>
    public string LogFile => Path.Combine(RootDirectory, "log", "postgres.log");

    /// <summary>Connection string to the application database (superuser over the private socket).</summary>
    public string ConnectionString => BuildConnectionString(_options.Database);

    /// <summary>True when this instance started or adopted the server (and will stop it on dispose).</summary>
    public bool StartedByThisProcess => _startedByUs;

    /// <summary>The default cluster directory for the current user.</summary>
    public static string DefaultDirectory() => IsRoot
        ? "/var/lib/website-factory/pg"
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "website-factory", "pg");

    /// <summary>True when the process runs as root.</summary>
    public static bool IsRoot => Environment.IsPrivilegedProcess;

    /// <summary>Initialises (first time) and starts the cluster, then creates the application database.</summary>
    /// <param name="options">Settings.</param>
    /// <param name="progress">Receives one line per phase (for start-up output); may be null.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="LocalPostgresSetupException">The server user cannot reach the directory (see <see cref="CheckServerUserAccess"/>).</exception>
    public static async Task<LocalPostgresCluster> StartAsync(LocalPostgresOptions options, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The self-started PostgreSQL cluster supports Linux and macOS. Set ConnectionStrings:WebsiteFactory instead.");
        }

        CheckServerUserAccess(options);
        var cluster = new LocalPostgresCluster(options, PostgresBinaries.Find(options.BinDirectory), progress ?? (_ => { }));
        await cluster.StartCoreAsync(cancellationToken).ConfigureAwait(false);
        return cluster;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private async Task StartCoreAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(RootDirectory);
        await using (var gate = await AcquireLockAsync(ct).ConfigureAwait(false))
        {
            PrepareDirectories();
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                _progress($"Initialising PostgreSQL cluster in {DataDirectory}");
                await RunAsync("initdb", ["-D", DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], ct).ConfigureAwait(false);
            }

            if (await IsRunningAsync(ct).ConfigureAwait(false))
            {
                ClaimRunningServer();
            }
            else
            {
                _progress($"Starting PostgreSQL ({_bin})");
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-l", LogFile, "-w", "-t", _options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "-o", ServerArguments(), "start"], ct).ConfigureAwait(false);
                WriteOwner();
                _startedByUs = true;
            }
        }

        await EnsureDatabaseAsync(ct).ConfigureAwait(false);
        _progress($"PostgreSQL ready: database '{_options.Database}' on socket {SocketDirectory}");
    }

    private string ServerArguments()
    {
        var settings = new List<string>
        {
            $"-p {_options.Port.ToString(CultureInfo.InvariantCulture)}",
            $"-k {Quote(SocketDirectory)}",
            $"-c listen_addresses={(_options.ListenOnLoopback ? "127.0.0.1" : "''")}",
            "-c unix_socket_permissions=0700",
        };
        foreach (var (name, value) in _options.ServerSettings)
        {
            if (!SettingName().IsMatch(name) || value.Contains('\'', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Invalid PostgreSQL setting '{name}'.", nameof(_options));
            }

            settings.Add($"-c {name}='{value}'");
        }

        return string.Join(' ', settings);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        // pg_ctl status: 0 running, 3 not running, 4 no data directory.
        var (code, _) = await RunAsync("pg_ctl", ["-D", DataDirectory, "status"], ct, throwOnError: false).ConfigureAwait(false);
        return code == 0;
    }

    private async Task EnsureDatabaseAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(BuildConnectionString("postgres"));
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using var check = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        check.Parameters.Add(new NpgsqlParameter { Value = _options.Database });
        if (await check.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
        {
            if (!DatabaseName().IsMatch(_options.Database))
            {
                throw new InvalidOperationException($"LocalPostgres:Database '{_options.Database}' must match [a-z_][a-z0-9_]{{0,62}}.");
            }

            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_options.Database}\"", conn);
            try
            {
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it between the check and the create.
            }
        }
    }

    private string BuildConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = SocketDirectory,
        Port = _options.Port,
        Username = "postgres",
        Database = database,
    }.ConnectionString;

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void PrepareDirectories()
    {
        foreach (var dir in new[] { DataDirectory, SocketDirectory, Path.GetDirectoryName(LogFile)! })
        {
            System.IO.Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (IsRoot)
        {
            // The server runs unprivileged; it must own its directories and be able to reach them.
            File.SetUnixFileMode(RootDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            RunSync("chown", ["-R", $"{_options.ServerUser}:", RootDirectory]);
        }
    }

    private async Task<IAsyncDisposable> AcquireLockAsync(CancellationToken ct)
    {
        var path = Path.Combine(RootDirectory, ".start.lock");
        var deadline = DateTime.UtcNow.AddSeconds(_options.TimeoutSeconds);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task<(int Code, string Output)> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        using var process = new Process { StartInfo = StartInfo(tool, args) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds + 10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        if (throwOnError && process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? TailOf(LogFile) : string.Empty;
            throw new InvalidOperationException($"'{tool}' failed with exit code {process.ExitCode}: {output.Trim()}{(log.Length > 0 ? $"{Environment.NewLine}Server log ({LogFile}):{Environment.NewLine}{log}" : string.Empty)}");
        }

        return (process.ExitCode, output);
    }

    private ProcessStartInfo StartInfo(string tool, IReadOnlyList<string> args)
    {
        var exe = Path.Combine(_bin, tool);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (IsRoot)
        {
            psi.FileName = "runuser";
            foreach (var a in new[] { "-u", _options.ServerUser, "--", exe })
            {
                psi.ArgumentList.Add(a);
            }
        }
        else
        {
            psi.FileName = exe;
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Locale and env of the caller must not leak into the server's start-up.
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment.Remove("PGDATA");
        return psi;
    }

    private static void RunSync(string exe, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{exe}' failed with exit code {p.ExitCode}: {err.Trim()}");
        }
    }

    private static string TailOf(string file)
    {
        try
        {
            var lines = File.ReadAllLines(file);
            return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 15)));
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Stops the server if this instance started it.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_startedByUs)
        {
            return;
        }

        _progress("Stopping PostgreSQL");
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", _options.TimeoutSeconds.ToString(CultureInfo.InvariantCulture), "stop"], cancellationToken, throwOnError: false).ConfigureAwait(false);
        ReleaseOwner();
        _startedByUs = false;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_.]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex SettingName();

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial System.Text.RegularExpressions.Regex DatabaseName();
}
