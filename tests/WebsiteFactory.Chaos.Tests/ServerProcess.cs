using System.Diagnostics;
using System.Net;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// WebsiteFactory.Server (embedded engine on PostgreSQL) as a child process that can be killed with SIGKILL and started
/// again on the same database, settings and secret store.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _logFile;
    private readonly HttpClient _probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    public ServerProcess(Uri url, IReadOnlyDictionary<string, string?> settings, string logFile)
    {
        Url = url;
        _settings = settings;
        _logFile = logFile;
    }

    public Uri Url { get; }

    public int Starts { get; private set; }

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200; returns when it was ready.</summary>
    public async Task<DateTimeOffset> StartAsync(TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(_logFile)!,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WebsiteFactory.Server.dll"));
        foreach (var (key, value) in _settings)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        psi.Environment["DOTNET_ENVIRONMENT"] = psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var log = new StreamWriter(_logFile, append: true) { AutoFlush = true };
        Starts++;
        log.WriteLine($"---- start {Starts} at {DateTimeOffset.UtcNow:O}");
        var process = Process.Start(psi)!;
        DataReceivedEventHandler write = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += write;
        process.ErrorDataReceived += write;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {process.ExitCode} during start-up; see {_logFile}.");
            }

            if (await ReadyStatusAsync() == HttpStatusCode.OK)
            {
                return DateTimeOffset.UtcNow;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The server was not ready within {timeout}; see {_logFile}.");
    }

    /// <summary>GET /health/ready: the status, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> ReadyStatusAsync()
    {
        try
        {
            using var response = await _probe.GetAsync(new Uri(Url, "/health/ready"));
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL (<see cref="Process.Kill(bool)"/>): no shutdown code runs, leases and connections are abandoned.</summary>
    /// <param name="entireTree">Also kill its children (clean-up at the end); a chaos kill hits the server process only, as kill -9 does.</param>
    public void Kill(bool entireTree = false)
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.Kill(entireTree);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill(entireTree: true);
        _probe.Dispose();
        return ValueTask.CompletedTask;
    }
}
