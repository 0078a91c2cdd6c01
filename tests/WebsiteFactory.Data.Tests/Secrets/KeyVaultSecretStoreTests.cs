using Azure;
using Azure.Security.KeyVault.Secrets;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WebsiteFactory.Data.Secrets;

namespace WebsiteFactory.Data.Tests.Secrets;

public sealed class KeyVaultSecretStoreTests
{
    private const string Value = "Yx3kP9qLm2Vb7Nc4Rt8Wz1Hs6Jd0Fg5Ua2Ee3Qo";
    private readonly SecretClient _client = Substitute.For<SecretClient>();

    private static Response<KeyVaultSecret> Found(string name, string value) =>
        Response.FromValue(new KeyVaultSecret(name, value), Substitute.For<Response>());

    [Fact]
    public async Task GetAsync_Existing_ReturnsValue()
    {
        _client.GetSecretAsync("cf-token", null, Arg.Any<CancellationToken>()).Returns(Found("cf-token", Value));

        Assert.Equal(Value, await new KeyVaultSecretStore(_client).GetAsync("cf-token"));
    }

    [Fact]
    public async Task GetAsync_Missing_ThrowsKeyNotFoundNamingTheSecret()
    {
        _client.GetSecretAsync("nope", null, Arg.Any<CancellationToken>()).ThrowsAsync(new RequestFailedException(404, "SecretNotFound"));
        var store = new KeyVaultSecretStore(_client);

        Assert.Null(await store.TryGetAsync("nope"));
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() => store.GetAsync("nope"));
        Assert.Contains("'nope'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_Forbidden_ThrowsWithStatusAndName()
    {
        _client.GetSecretAsync("cf-token", null, Arg.Any<CancellationToken>()).ThrowsAsync(new RequestFailedException(403, "denied", "Forbidden", null));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new KeyVaultSecretStore(_client).GetAsync("cf-token"));

        Assert.Contains("HTTP 403", e.Message, StringComparison.Ordinal);
        Assert.Contains("'cf-token'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_WritesValue()
    {
        await new KeyVaultSecretStore(_client).SetAsync("cf-token", Value);

        await _client.Received(1).SetSecretAsync("cf-token", Value, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SetAsync_FailureMessage_NeverContainsTheValue()
    {
        _client.SetSecretAsync("cf-token", Value, Arg.Any<CancellationToken>()).ThrowsAsync(new RequestFailedException(400, "Bad request", "BadParameter", null));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => new KeyVaultSecretStore(_client).SetAsync("cf-token", Value));

        Assert.DoesNotContain(Value, e.ToString(), StringComparison.Ordinal);
        Assert.Contains("'cf-token'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetAsync_DeletedButRecoverable_RecoversThenWrites()
    {
        var calls = 0;
        _client.SetSecretAsync("cf-token", Value, Arg.Any<CancellationToken>()).Returns(_ =>
            ++calls == 1 ? throw new RequestFailedException(409, "Conflict", "ObjectIsDeletedButRecoverable", null) : Found("cf-token", Value));
        var operation = Substitute.For<RecoverDeletedSecretOperation>();
        _client.StartRecoverDeletedSecretAsync("cf-token", Arg.Any<CancellationToken>()).Returns(operation);

        await new KeyVaultSecretStore(_client).SetAsync("cf-token", Value);

        await operation.Received(1).WaitForCompletionAsync(Arg.Any<CancellationToken>());
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task DeleteAsync_Missing_IsNotAnError()
    {
        _client.StartDeleteSecretAsync("nope", Arg.Any<CancellationToken>()).ThrowsAsync(new RequestFailedException(404, "SecretNotFound"));

        await new KeyVaultSecretStore(_client).DeleteAsync("nope");

        await _client.Received(1).StartDeleteSecretAsync("nope", Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("name with spaces")]
    public async Task InvalidName_IsRejectedWithoutCallingTheVault(string name)
    {
        var store = new KeyVaultSecretStore(_client);

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync(name, "v"));
        Assert.Empty(_client.ReceivedCalls());
    }
}
