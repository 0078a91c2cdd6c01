using System.Diagnostics;

namespace WebsiteFactory.Simulators.CloudPanel;

/// <summary>Runs a short-lived helper program (ssh-keygen, useradd, id) and returns its output.</summary>
internal static class ProcessCommand
{
    public static string Run(string file, params string[] args) =>
        TryRun(file, args, out var stdout, out var error) ? stdout : throw new InvalidOperationException(error);

    public static bool TryRun(string file, string[] args, out string stdout, out string error)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        stdout = output.GetAwaiter().GetResult();
        error = p.ExitCode == 0 ? string.Empty : $"{file} {string.Join(' ', args)} failed with exit {p.ExitCode}: {stderr}";
        return p.ExitCode == 0;
    }
}
