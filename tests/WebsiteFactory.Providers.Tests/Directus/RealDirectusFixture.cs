using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace WebsiteFactory.Providers.Tests.Directus;

/// <summary>
/// A real Directus for <see cref="RealDirectusTests"/>, when one is available: either a running instance named by
/// <c>WF_DIRECTUS_URL</c> + <c>WF_DIRECTUS_TOKEN</c> (admin static token), or a Directus installed by
/// <c>scripts/install-directus.sh</c> in <c>WF_DIRECTUS_HOME</c> (default <c>.wf/directus</c> in the checkout), which
/// this fixture bootstraps on a SQLite file in a temp directory and starts on a free loopback port. Otherwise
/// <see cref="SkipReason"/> says why the tests skip.
/// </summary>
/// <remarks>
/// Each run uses its own collection (<c>wf_pages_test_…</c>), removed at the end, so an external instance keeps no test
/// data and never sees the product's real <c>wf_pages</c> collection touched.
/// </remarks>
public sealed class RealDirectusFixture : IAsyncLifetime
{
    private static readonly TimeSpan BootstrapTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly StringBuilder _log = new();
    private Process? _process;
    private string? _tempDir;

    /// <summary>Why the tests skip (no Directus available); null when <see cref="BaseUrl"/> is usable.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Base URL of the Directus instance (with a trailing slash).</summary>
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>An admin static token.</summary>
    public string Token { get; private set; } = string.Empty;

    /// <summary>The collection this run's tests use.</summary>
    public string Collection { get; } = "wf_pages_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>Where the Directus came from, for test output.</summary>
    public string Description { get; private set; } = string.Empty;

    /// <summary>An <see cref="HttpClient"/> on <see cref="BaseUrl"/> with the admin token, for assertions.</summary>
    public HttpClient Admin { get; private set; } = new();

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("WF_DIRECTUS_URL");
        var token = Environment.GetEnvironmentVariable("WF_DIRECTUS_TOKEN");
        if (!string.IsNullOrWhiteSpace(url) && !string.IsNullOrWhiteSpace(token))
        {
            BaseUrl = new Uri(url.EndsWith('/') ? url : url + "/");
            Token = token;
            Description = $"external Directus at {BaseUrl}";
        }
        else
        {
            var home = Environment.GetEnvironmentVariable("WF_DIRECTUS_HOME") is { Length: > 0 } h ? Path.GetFullPath(h) : Path.Combine(RepositoryRoot(), ".wf", "directus");
            var cli = Path.Combine(home, "node_modules", "directus", "cli.js");
            if (!File.Exists(cli))
            {
                SkipReason = $"No Directus available: set WF_DIRECTUS_URL and WF_DIRECTUS_TOKEN (admin static token) to a running instance, or run scripts/install-directus.sh to install one into {home}.";
                return;
            }

            await StartLocalAsync(home, cli);
        }

        Admin = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var me = await Admin.GetAsync(new Uri("users/me", UriKind.Relative));
        if (!me.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The {Description} rejected the token: HTTP {(int)me.StatusCode} {await me.Content.ReadAsStringAsync()}");
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (SkipReason is null && _process is null && Token.Length > 0)
        {
            // External instance: drop this run's collection (and with it its items and fields).
            using var _ = await Admin.DeleteAsync(new Uri($"collections/{Collection}", UriKind.Relative));
        }

        Admin.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (_tempDir is not null && Directory.Exists(_tempDir))
        {
            Directory.Delete(_tempDir, recursive: true);
        }
    }

    private async Task StartLocalAsync(string home, string cli)
    {
        var runtimeNode = Path.Combine(home, "runtime", "bin", "node");
        var node = File.Exists(runtimeNode) ? runtimeNode : "node";
        _tempDir = Directory.CreateTempSubdirectory("wf-directus-").FullName;
        var port = FreePort();
        Token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        Description = $"Directus in {home} (port {port})";
        Directory.CreateDirectory(Path.Combine(_tempDir, "uploads"));
        Directory.CreateDirectory(Path.Combine(_tempDir, "extensions"));
        await File.WriteAllTextAsync(Path.Combine(_tempDir, "package.json"), """{ "private": true, "name": "wf-directus-test" }""");
        var env = new Dictionary<string, string>
        {
            ["HOST"] = "127.0.0.1",
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PUBLIC_URL"] = BaseUrl.ToString(),
            ["KEY"] = Guid.NewGuid().ToString(),
            ["SECRET"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["DB_CLIENT"] = "sqlite3",
            ["DB_FILENAME"] = Path.Combine(_tempDir, "directus.db"),
            ["ADMIN_EMAIL"] = "admin@example.com",
            ["ADMIN_PASSWORD"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["ADMIN_TOKEN"] = Token,
            ["STORAGE_LOCATIONS"] = "local",
            ["STORAGE_LOCAL_ROOT"] = Path.Combine(_tempDir, "uploads"),
            ["EXTENSIONS_PATH"] = Path.Combine(_tempDir, "extensions"),
            ["TELEMETRY"] = "false",
            ["CACHE_ENABLED"] = "false",
            ["RATE_LIMITER_ENABLED"] = "false",
            ["WEBSOCKETS_ENABLED"] = "false",
            ["LOG_LEVEL"] = "warn",
        };

        // bootstrap: creates the SQLite database, runs the migrations and creates the admin user with ADMIN_TOKEN.
        using (var bootstrap = Start(node, cli, "bootstrap", env))
        {
            using var cts = new CancellationTokenSource(BootstrapTimeout);
            try
            {
                await bootstrap.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                bootstrap.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"`directus bootstrap` did not finish within {BootstrapTimeout}. Output:\n{Output()}");
            }

            if (bootstrap.ExitCode != 0)
            {
                throw new InvalidOperationException($"`directus bootstrap` failed with exit code {bootstrap.ExitCode}. Output:\n{Output()}");
            }
        }

        _process = Start(node, cli, "start", env);
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
        // Directus 12 answers /server/health to admins only: the bootstrap's ADMIN_TOKEN doubles as a check of the admin.
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var deadline = new CancellationTokenSource(StartTimeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var lastHealth = "no answer";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"`directus start` exited with code {_process.ExitCode}. Output:\n{Output()}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("server/health", UriKind.Relative), deadline.Token);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                lastHealth = $"HTTP {(int)health.StatusCode} {await health.Content.ReadAsStringAsync(deadline.Token)}";
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // One slow answer while starting.
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new InvalidOperationException($"Directus did not report healthy on {BaseUrl}server/health within {StartTimeout} (last: {lastHealth}). Output:\n{Output()}");
            }
        }
    }

    private Process Start(string node, string cli, string command, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(node)
        {
            WorkingDirectory = _tempDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(cli);
        psi.ArgumentList.Add(command);
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            // Keep the tail only: enough to explain a failed start.
            if (_log.Length > 16_000)
            {
                _log.Remove(0, _log.Length - 8_000);
            }

            _log.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Build outputs may live outside the checkout (--artifacts-path), so find it from this source file.
    private static string RepositoryRoot([CallerFilePath] string sourceFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "..", ".."));
}
