using System.Diagnostics;
using System.Text;

namespace WebsiteFactory.Providers.Build;

/// <summary>Runs a child process with an argument list (never a shell string), a timeout and a bounded output tail.</summary>
internal static class ProcessRunner
{
    private const int TailChars = 4000;

    public sealed record Result(int ExitCode, string OutputTail, bool TimedOut);

    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? standardInput = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        var tail = new StringBuilder();
        var gate = new Lock();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                tail.Append(line).Append('\n');
                if (tail.Length > TailChars * 2)
                {
                    tail.Remove(0, tail.Length - TailChars);
                }
            }
        }

        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        process.StandardInput.Close();

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited meanwhile.
            }

            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        // Flush the asynchronous readers.
        process.WaitForExit();
        string text;
        lock (gate)
        {
            text = tail.Length > TailChars ? tail.ToString(tail.Length - TailChars, TailChars) : tail.ToString();
        }

        return new Result(timedOut ? -1 : process.ExitCode, text.TrimEnd(), timedOut);
    }
}
