using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// The vendor side (WebsiteFactory.Chaos.Simulators) in its own process: simulators, loopback sshd with the clpctl stand-in,
/// and an inspection endpoint. It runs until its standard input closes, so it ends with this test process.
/// </summary>
internal sealed class SimulatorsProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _admin;

    private SimulatorsProcess(Process process, JsonObject ready)
    {
        _process = process;
        Ready = ready;
        _admin = new HttpClient { BaseAddress = new Uri(ready["admin"]!.GetValue<string>()), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The handshake: admin URL, client settings, clpctl paths, ssh coordinates.</summary>
    public JsonObject Ready { get; }

    public string Get(string name) => Ready[name]!.ToString();

    public IEnumerable<KeyValuePair<string, string?>> ClientSettings =>
        Ready["settings"]!.AsObject().Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<string>()));

    public static async Task<SimulatorsProcess> StartAsync(string dataDirectory, string logFile)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WebsiteFactory.Chaos.Simulators.dll"));
        psi.ArgumentList.Add(dataDirectory);
        var process = Process.Start(psi)!;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.WriteLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cts.Token);
            if (line is null)
            {
                throw new InvalidOperationException($"The simulators process ended before it was ready; see {logFile}.");
            }

            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return new SimulatorsProcess(process, JsonNode.Parse(line["READY ".Length..])!.AsObject());
            }
        }
    }

    /// <summary>Per-site vendor state (zones, records, NS changes, CloudPanel sites, certificates, Matomo sites, pages).</summary>
    /// <param name="sites">Domain → site id.</param>
    public async Task<JsonObject> StateAsync(IReadOnlyDictionary<string, string> sites)
    {
        using var response = await _admin.PostAsJsonAsync("/state", sites);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>The clpctl stand-in's call log.</summary>
    public async Task<IReadOnlyList<string>> CallsAsync() => (await _admin.GetFromJsonAsync<List<string>>("/calls"))!;

    /// <summary>Sets the vendor fault rates (503s and hangs) for every simulator.</summary>
    public async Task SetFaultsAsync(double serverErrorRate, double timeoutRate)
    {
        using var response = await _admin.PostAsJsonAsync("/faults", new Dictionary<string, double> { ["server_error_rate"] = serverErrorRate, ["timeout_rate"] = timeoutRate });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        try
        {
            _process.StandardInput.Close();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
