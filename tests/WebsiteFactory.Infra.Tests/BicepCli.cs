using System.Diagnostics;

namespace WebsiteFactory.Infra.Tests;

/// <summary>Runs the packaged Bicep CLI and captures its output.</summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<BicepResult> RunAsync(params string[] arguments)
    {
        Assert.True(System.IO.File.Exists(RepositoryPaths.Bicep), $"Bicep CLI not found at {RepositoryPaths.Bicep}");
        EnsureExecutable(RepositoryPaths.Bicep);
        var start = new ProcessStartInfo(RepositoryPaths.Bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Infra,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no update checks: CI runs offline.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}");
        }

        return new BicepResult(process.ExitCode, await stdout, await stderr);
    }

    // Some package extractions drop the executable bit of files in tools/.
    private static void EnsureExecutable(string path)
    {
        var mode = System.IO.File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            System.IO.File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
    }
}

/// <summary>Exit code and output of one Bicep CLI run.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError);
