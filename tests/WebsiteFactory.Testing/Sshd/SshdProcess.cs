using System.Diagnostics;

namespace WebsiteFactory.Testing.Sshd;

/// <summary>Runs a short-lived helper program (ssh-keygen, useradd) and returns its output.</summary>
internal static class SshdProcess
{
    public static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit {p.ExitCode}: {stderr}");
        }

        return stdout.GetAwaiter().GetResult();
    }
}
