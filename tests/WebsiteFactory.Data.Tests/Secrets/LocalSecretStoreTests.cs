using System.Security.Cryptography;
using System.Text;
using WebsiteFactory.Data.Secrets;

namespace WebsiteFactory.Data.Tests.Secrets;

public sealed class LocalSecretStoreTests : IDisposable
{
    private const string CloudflareToken = "Yx3kP9qLm2Vb7Nc4Rt8Wz1Hs6Jd0Fg5Ua2Ee3Qo";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "wf-secrets-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private LocalSecretStore Store() => new(_dir);

    [Fact]
    public async Task SetThenGet_RoundTripsAndFoldsNameCase()
    {
        var store = Store();

        await store.SetAsync("cf-token-1", CloudflareToken);

        Assert.Equal(CloudflareToken, await store.GetAsync("cf-token-1"));
        Assert.Equal(CloudflareToken, await new LocalSecretStore(_dir).GetAsync("CF-TOKEN-1"));
        await store.SetAsync("cf-token-1", "replaced");
        Assert.Equal("replaced", await store.GetAsync("cf-token-1"));
    }

    [Fact]
    public async Task Files_NeverContainThePlaintext()
    {
        var store = Store();
        var sshKey = SecretLeakTests.SshPrivateKey;

        await store.SetAsync("cf-token", CloudflareToken);
        await store.SetAsync("ssh-key", sshKey);

        var files = Directory.GetFiles(_dir, "*", SearchOption.AllDirectories);
        Assert.Equal(3, files.Length); // key + two values
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var secret in new[] { CloudflareToken, sshKey, "b3BlbnNzaC1rZXktdjE" })
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{file} contains a plaintext secret");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{file} contains a plaintext secret (UTF-16)");
                Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))[..20], Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task KeyFileAndValues_AreOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only; the product runs on Linux.
        }

        var store = Store();

        await store.SetAsync("ssh-key", "value");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_dir));
        foreach (var file in Directory.GetFiles(Path.Combine(_dir, "values")))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public async Task KeyFileReadableByOthers_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only; the product runs on Linux.
        }

        await Store().SetAsync("a", "value");
        File.SetUnixFileMode(Path.Combine(_dir, "key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store().GetAsync("a"));

        Assert.Contains("chmod 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_TryGetReturnsNullAndGetNamesTheSecret()
    {
        var store = Store();

        Assert.Null(await store.TryGetAsync("nope"));
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.GetAsync("nope"));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
        await store.DeleteAsync("nope");
    }

    [Fact]
    public async Task Delete_RemovesTheValue()
    {
        var store = Store();
        await store.SetAsync("gone", "value");

        await store.DeleteAsync("gone");

        Assert.Null(await store.TryGetAsync("gone"));
    }

    [Theory]
    [InlineData("../key")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("x.secret")]
    public async Task InvalidName_IsRejectedBeforeTouchingDisk(string name)
    {
        var store = Store();

        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(name, "v"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryGetAsync(name));
        Assert.False(Directory.Exists(Path.Combine(_dir, "values")));
    }

    [Fact]
    public async Task TamperedOrSwappedFile_FailsWithoutRevealingAnything()
    {
        var store = Store();
        await store.SetAsync("one", CloudflareToken);
        await store.SetAsync("two", "other-value");
        var values = Path.Combine(_dir, "values");
        File.Copy(Path.Combine(values, "one.secret"), Path.Combine(values, "two.secret"), overwrite: true);

        var swapped = await Assert.ThrowsAsync<CryptographicException>(() => store.GetAsync("two"));

        var bytes = await File.ReadAllBytesAsync(Path.Combine(values, "one.secret"));
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(Path.Combine(values, "one.secret"), bytes);
        var tampered = await Assert.ThrowsAsync<CryptographicException>(() => store.GetAsync("one"));
        Assert.DoesNotContain(CloudflareToken, swapped.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(CloudflareToken, tampered.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherKey_CannotDecrypt()
    {
        await Store().SetAsync("one", CloudflareToken);
        File.Delete(Path.Combine(_dir, "key"));

        await Assert.ThrowsAsync<CryptographicException>(() => Store().GetAsync("one"));
    }

    [Fact]
    public async Task ConcurrentFirstUse_AgreesOnOneKey()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => Store()).ToArray();

        await Task.WhenAll(stores.Select((s, i) => s.SetAsync($"k{i}", $"v{i}")));

        for (var i = 0; i < stores.Length; i++)
        {
            Assert.Equal($"v{i}", await Store().GetAsync($"k{i}"));
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
