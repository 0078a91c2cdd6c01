using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Content;
using WebsiteFactory.Providers.Deploy;
using WebsiteFactory.Simulators.CloudPanel;

namespace WebsiteFactory.Bench.Publish;

/// <summary>
/// Phase 2: <see cref="RsyncSiteDeployer"/> over a real loopback sshd (first deploy, unchanged redeploy, one page changed,
/// rollback) against a plain <c>rsync -a --delete</c> of the same tree over the same SSH into a scratch directory.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed partial class DeployBenchmark(BenchOptions options, InMemorySecretStore secrets, Report report, string workRoot)
{
    private const string Phase = "2. Deploy (rsync over loopback sshd)";

    public async Task RunAsync(string builtSite)
    {
        Console.WriteLine();
        var files = Directory.EnumerateFiles(builtSite, "*", SearchOption.AllDirectories).ToList();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"{Phase}: a built site of {files.Count} files, {bytes / 1024.0:F0} KiB; {options.DeployRounds} round(s), medians");
        await using var server = await LoopbackSshServer.StartAsync();
        await secrets.SetAsync("bench-deploy-key", server.ClientPrivateKey);
        var deployer = new RsyncSiteDeployer(Options.Create(new RsyncDeployOptions { KeepReleases = 5 }), secrets, NullLogger<RsyncSiteDeployer>.Instance);

        // The same tree with one article changed (a redeploy after one page was regenerated).
        var changed = Path.Combine(workRoot, "deploy-changed");
        Exec.CopyTree(builtSite, changed);
        var page = Directory.EnumerateDirectories(changed).Select(d => Path.Combine(d, "index.html")).First(File.Exists);
        var changedRelative = Path.GetRelativePath(changed, page);
        await File.AppendAllTextAsync(page, "\n<!-- regenerated -->\n");

        var ours = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var plain = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var uploaded = new Dictionary<string, List<(int Files, long Bytes)>>(StringComparer.Ordinal);
        var plainStats = new Dictionary<string, List<(int Files, long Bytes)>>(StringComparer.Ordinal);
        void Add<T>(Dictionary<string, List<T>> d, string k, T v) => (d.TryGetValue(k, out var l) ? l : d[k] = []).Add(v);

        for (var round = 0; round < options.DeployRounds; round++)
        {
            var siteRoot = Path.Combine(server.RootDirectory, $"site-{round}");
            var docRoot = Path.Combine(siteRoot, "htdocs", "bench.example.com");
            Directory.CreateDirectory(docRoot);
            await File.WriteAllTextAsync(Path.Combine(docRoot, "index.html"), "<html>CloudPanel placeholder</html>");
            var scratch = Path.Combine(siteRoot, "plain-scratch");
            Directory.CreateDirectory(scratch);
            server.CreateUserDirectory(siteRoot);
            var target = new DeployTarget(server.Host, server.Port, server.UserName, "bench-deploy-key",
                SshHostKeyFingerprint.Parse(server.HostKeyFingerprintSha256, CultureInfo.InvariantCulture), RemotePath.Parse(docRoot, CultureInfo.InvariantCulture));
            var releases = Path.Combine(siteRoot, "htdocs", ".bench.example.com.releases");
            var now = DateTimeOffset.UtcNow;

            async Task<double> OursAsync(string name, string tree, string suffix)
            {
                var id = RsyncSiteDeployer.NewReleaseId(now, suffix);
                var watch = Stopwatch.StartNew();
                var result = await deployer.DeployAsync(target, tree, id);
                var seconds = watch.Elapsed.TotalSeconds;
                Add(ours, name, seconds);
                Add(uploaded, name, NewInodes(Path.Combine(releases, id)));
                if (result.ReleaseId != id || Live(docRoot) != Path.Combine(releases, id))
                {
                    report.Fail($"{name}: release {id} is not live after deploy (live: {Live(docRoot)})");
                }

                return seconds;
            }

            async Task PlainAsync(string name, string tree)
            {
                var r = await PlainRsyncAsync(server, tree, scratch);
                Add(plain, name, r.Seconds);
                Add(plainStats, name, (r.Files, r.Bytes));
            }

            await OursAsync("first deploy", builtSite, $"r{round}-a");
            await PlainAsync("first deploy", builtSite);
            await OursAsync("redeploy, unchanged", builtSite, $"r{round}-b");
            await PlainAsync("redeploy, unchanged", builtSite);
            await OursAsync("redeploy, one page changed", changed, $"r{round}-c");
            await PlainAsync("redeploy, one page changed", changed);
            if (!File.ReadAllText(Path.Combine(docRoot, changedRelative)).Contains("regenerated", StringComparison.Ordinal))
            {
                report.Fail("the changed page is not live after the one-page redeploy");
            }

            var watch = Stopwatch.StartNew();
            var back = await deployer.RollbackAsync(target);
            Add(ours, "rollback", watch.Elapsed.TotalSeconds);
            if (back.ReleaseId != RsyncSiteDeployer.NewReleaseId(now, $"r{round}-b") || File.ReadAllText(Path.Combine(docRoot, changedRelative)).Contains("regenerated", StringComparison.Ordinal))
            {
                report.Fail($"rollback did not restore the previous release (live {back.ReleaseId})");
            }

            // The plain way to roll back: upload the previous tree again.
            await PlainAsync("rollback", builtSite);
            if (!SameTree(builtSite, docRoot) || !SameTree(builtSite, scratch))
            {
                report.Fail("after rollback the live tree (or the plain copy) differs from the previous build");
            }

            Report.Progress($"round {round + 1}/{options.DeployRounds}: first {ours["first deploy"][^1]:F2} s, unchanged {ours["redeploy, unchanged"][^1]:F2} s, one page {ours["redeploy, one page changed"][^1]:F2} s, rollback {ours["rollback"][^1]:F2} s");
        }

        foreach (var name in new[] { "first deploy", "redeploy, unchanged", "redeploy, one page changed", "rollback" })
        {
            var o = Report.Median(ours[name]);
            var p = Report.Median(plain[name]);
            var ourFiles = name == "rollback" ? "symlink swap, 0 files" : $"{Median(uploaded[name], x => x.Files)} files uploaded ({Median(uploaded[name], x => x.Bytes) / 1024.0:F0} KiB new)";
            var plainFiles = $"{Median(plainStats[name], x => x.Files)} files, {Median(plainStats[name], x => x.Bytes) / 1024.0:F0} KiB sent";
            report.Line(Phase, $"{name}: ours / plain rsync", $"{o:F2} / {p:F2} s", $"ours/plain {o / p:F2}×");
            report.Line(Phase, "   files: ours (new inodes) / plain (rsync --stats)", $"{ourFiles} / {plainFiles}");
        }

        if (Median(uploaded["redeploy, unchanged"], x => x.Files) != 0)
        {
            report.Fail("an unchanged redeploy uploaded files instead of hard-linking them");
        }

        if (Median(uploaded["redeploy, one page changed"], x => x.Files) != 1)
        {
            report.Fail("a one-page redeploy did not upload exactly one file");
        }

        Exec.TryDelete(changed);
    }

    private static long Median<T>(List<T> values, Func<T, long> f) => (long)Report.Median(values.Select(v => (double)f(v)).ToList());

    private static string? Live(string docRoot) => Directory.ResolveLinkTarget(docRoot, returnFinalTarget: true)?.FullName;

    /// <summary>Files of a release with one link: uploaded by rsync rather than hard-linked to the previous release.</summary>
    private static (int Files, long Bytes) NewInodes(string release)
    {
        var files = 0;
        long bytes = 0;
        foreach (var f in Directory.EnumerateFiles(release, "*", SearchOption.AllDirectories))
        {
            if (LinkCount(f) == 1)
            {
                files++;
                bytes += new FileInfo(f).Length;
            }
        }

        return (files, bytes);
    }

    private static long LinkCount(string path)
    {
        // stat(2)'s st_nlink; .NET has no API for it. One stat process per file is fine for a few dozen files.
        var psi = new ProcessStartInfo("stat", ["-c", "%h", path]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return long.Parse(text.Trim(), CultureInfo.InvariantCulture);
    }

    private static bool SameTree(string a, string b)
    {
        static Dictionary<string, string> Read(string root) => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText, StringComparer.Ordinal);
        var x = Read(a);
        var y = Read(b);
        return x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>The baseline: <c>rsync -a --delete</c> over the same SSH (same pinned known_hosts and key), no release directory, no switch.</summary>
    private static async Task<(double Seconds, int Files, long Bytes)> PlainRsyncAsync(LoopbackSshServer server, string tree, string scratch)
    {
        var ssh = $"ssh -p {server.Port} -i {server.ClientKeyPath} -o BatchMode=yes -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={server.KnownHostsFile} -o GlobalKnownHostsFile=/dev/null -o LogLevel=ERROR";
        var r = await Exec.RunAsync("rsync", ["-a", "--delete", "--stats", "-e", ssh, tree.TrimEnd('/') + "/", $"{server.UserName}@{server.Host}:{scratch}/"], Path.GetTempPath());
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"plain rsync failed ({r.ExitCode}): {r.Output}");
        }

        long Stat(Regex pattern) => pattern.Match(r.Output) is { Success: true } m ? long.Parse(m.Groups[1].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : -1;
        return (r.Elapsed.TotalSeconds, (int)Stat(FilesTransferred()), Stat(BytesSent()));
    }

    [GeneratedRegex(@"Number of regular files transferred: ([\d,]+)")]
    private static partial Regex FilesTransferred();

    [GeneratedRegex(@"Total bytes sent: ([\d,]+)")]
    private static partial Regex BytesSent();
}
