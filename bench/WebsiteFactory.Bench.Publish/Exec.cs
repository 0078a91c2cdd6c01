using System.Diagnostics;
using System.Text;

namespace WebsiteFactory.Bench.Publish;

/// <summary>Runs a program for the baselines (naive build, plain rsync) and returns its exit code, output and duration.</summary>
internal static class Exec
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var output = new StringBuilder();
        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return new Result(-1, "timed out\n" + output, Stopwatch.GetElapsedTime(started));
        }

        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Copies a directory tree, skipping entries named in <paramref name="skip"/> at its top level.</summary>
    public static void CopyTree(string source, string target, params string[] skip)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            if (!skip.Contains(Path.GetFileName(file), StringComparer.Ordinal))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            if (!skip.Contains(Path.GetFileName(dir), StringComparer.Ordinal))
            {
                CopyTree(dir, Path.Combine(target, Path.GetFileName(dir)));
            }
        }
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
