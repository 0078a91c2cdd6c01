using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;

namespace WebsiteFactory.Data.Secrets;

/// <summary>
/// <see cref="ISecretStore"/> on the local disk, encrypted at rest with AES-256-GCM under a key kept in a file only the
/// current user can read (mode 0600, in a 0700 directory).
/// </summary>
/// <remarks>
/// <para><b>Why AES-GCM with a key file rather than ASP.NET Core Data Protection.</b> On Linux, Data Protection writes its
/// key ring as plain XML unless an XML encryptor (a certificate) is configured, so at rest it rests on file permissions
/// exactly like a key file, while adding key rotation and expiry that long-lived secrets do not need and an XML format
/// that is harder to audit. AES-GCM from the BCL is a dozen lines, authenticated, and has no moving parts.</para>
/// <para><b>Layout</b> under the store directory: <c>key</c> (32 random bytes, 0600) and <c>values/{name}.secret</c>
/// (0600), one per secret, holding <c>version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext</c>. The lower-cased secret name is
/// the associated data, so a file renamed to another secret's name fails to decrypt instead of serving the wrong value.
/// Names fold case like Key Vault's. Writes go to a temporary file that is renamed into place, so readers never see
/// half a value.</para>
/// <para>The store refuses to use a key file that group or others can read: fix the mode with <c>chmod 600</c>.
/// Values are never logged or put into exception messages; only names are.</para>
/// </remarks>
public sealed partial class LocalSecretStore : ISecretStore, ISecretAgeSource
{
    private const byte FormatVersion = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly string _valuesDirectory;
    private readonly ILogger<LocalSecretStore> _logger;
    private readonly Lazy<byte[]> _key;

    /// <summary>Creates a store in <paramref name="directory"/> (created on first use with mode 0700).</summary>
    public LocalSecretStore(string directory, ILogger<LocalSecretStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _valuesDirectory = Path.Combine(Directory, "values");
        KeyFile = Path.Combine(Directory, "key");
        _logger = logger ?? NullLogger<LocalSecretStore>.Instance;
        _key = new Lazy<byte[]>(LoadOrCreateKey, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The store directory.</summary>
    public string Directory { get; }

    /// <summary>The key file.</summary>
    public string KeyFile { get; }

    /// <inheritdoc />
    public async Task<string> GetAsync(string name, CancellationToken cancellationToken = default) =>
        await TryGetAsync(name, cancellationToken) ?? throw new KeyNotFoundException($"Secret '{name}' does not exist in the local secret store.");

    /// <inheritdoc />
    public async Task<string?> TryGetAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        byte[] blob;
        try
        {
            blob = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        if (blob.Length < 1 + NonceSize + TagSize || blob[0] != FormatVersion)
        {
            throw new InvalidDataException($"Secret '{name}' in the local secret store is damaged or of an unknown format.");
        }

        var nonce = blob.AsSpan(1, NonceSize);
        var tag = blob.AsSpan(1 + NonceSize, TagSize);
        var cipher = blob.AsSpan(1 + NonceSize + TagSize);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(_key.Value, TagSize);
            aes.Decrypt(nonce, cipher, tag, plain, AssociatedData(name));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new CryptographicException($"Secret '{name}' cannot be decrypted: it was written with another key or has been tampered with.", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <inheritdoc />
    /// <remarks>The value file's modification time: every write replaces the file, so it is the time of the last write.</remarks>
    public Task<DateTimeOffset?> GetLastWrittenAsync(string name, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(name));
        return Task.FromResult(file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) : (DateTimeOffset?)null);
    }

    /// <inheritdoc />
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(name);
        EnsureDirectory(_valuesDirectory);
        var plain = Encoding.UTF8.GetBytes(value);
        var blob = new byte[1 + NonceSize + TagSize + plain.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        try
        {
            using var aes = new AesGcm(_key.Value, TagSize);
            aes.Encrypt(nonce, plain, blob.AsSpan(1 + NonceSize + TagSize), blob.AsSpan(1 + NonceSize, TagSize), AssociatedData(name));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        var temp = Path.Combine(_valuesDirectory, $".{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, CreateOptions(FileMode.CreateNew)))
            {
                await stream.WriteAsync(blob, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        Log.Written(_logger, name);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        if (File.Exists(path))
        {
            File.Delete(path);
            Log.Deleted(_logger, name);
        }

        return Task.CompletedTask;
    }

    private string PathOf(string name)
    {
        // Validation is what makes the name safe as a file name: only [A-Za-z0-9-] gets here.
        SecretName.Validate(name);
        return Path.Combine(_valuesDirectory, name.ToLowerInvariant() + ".secret");
    }

    private static byte[] AssociatedData(string name) => Encoding.ASCII.GetBytes("website-factory-secret:" + name.ToLowerInvariant());

    private byte[] LoadOrCreateKey()
    {
        EnsureDirectory(Directory);
        if (!File.Exists(KeyFile))
        {
            var key = RandomNumberGenerator.GetBytes(KeySize);
            try
            {
                // CreateNew: when two processes race, one creates and the other reads what it wrote.
                using var stream = new FileStream(KeyFile, CreateOptions(FileMode.CreateNew));
                stream.Write(key);
                stream.Flush(flushToDisk: true);
                Log.KeyCreated(_logger, KeyFile);
                return key;
            }
            catch (IOException) when (File.Exists(KeyFile))
            {
                // Lost the race; forget our key and read the winner's.
                CryptographicOperations.ZeroMemory(key);
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(KeyFile);
            if ((mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                throw new InvalidOperationException(
                    $"The secret store key file '{KeyFile}' is accessible to other users (mode {Convert.ToString((int)mode, 8)}); run 'chmod 600 {KeyFile}'.");
            }
        }

        var bytes = File.ReadAllBytes(KeyFile);
        if (bytes.Length != KeySize)
        {
            throw new InvalidDataException($"The secret store key file '{KeyFile}' is damaged (expected {KeySize} bytes).");
        }

        return bytes;
    }

    private static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        System.IO.Directory.CreateDirectory(path, PrivateDirectory);
        // CreateDirectory keeps the mode of an existing directory; tighten it (it may predate us, e.g. made by mkdir).
        File.SetUnixFileMode(path, PrivateDirectory);
    }

    private static FileStreamOptions CreateOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        return options;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Secret {SecretName} written to the local secret store")]
        public static partial void Written(ILogger logger, string secretName);

        [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Secret {SecretName} deleted from the local secret store")]
        public static partial void Deleted(ILogger logger, string secretName);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Created a new local secret store key at {KeyFile}; back it up with the secrets directory")]
        public static partial void KeyCreated(ILogger logger, string keyFile);
    }
}
