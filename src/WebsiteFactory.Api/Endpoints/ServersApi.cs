using System.Net;
using Microsoft.Extensions.Options;
using WebsiteFactory.Api.Auth;
using WebsiteFactory.Api.Problems;
using WebsiteFactory.Api.Routing;
using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports;
using WebsiteFactory.Core.Ports.Stores;

namespace WebsiteFactory.Api.Endpoints;

/// <summary><c>/api/servers</c>: CloudPanel hosts. The SSH private key goes to the secret store; the host key is pinned by fingerprint.</summary>
public static class ServersApi
{
    /// <summary>Server request.</summary>
    /// <param name="Name">A unique name.</param>
    /// <param name="Address">Host name or IP for SSH.</param>
    /// <param name="PublicIp">The IPv4 for A records (when the address is not it).</param>
    /// <param name="SshPort">The SSH port (default 22).</param>
    /// <param name="SshUser">The SSH user.</param>
    /// <param name="SshPrivateKey">The private key (PEM/OpenSSH; required on create; given on update to rotate).</param>
    /// <param name="HostKeyFingerprint">The pinned host key, <c>SHA256:…</c> from <c>ssh-keygen -lf</c>.</param>
    public sealed record ServerRequest(string? Name, string? Address, string? PublicIp, int? SshPort, string? SshUser, string? SshPrivateKey, string? HostKeyFingerprint);

    /// <summary>Server response.</summary>
    /// <param name="Id">The id.</param>
    /// <param name="Name">The name.</param>
    /// <param name="Address">The address.</param>
    /// <param name="PublicIp">The public IP.</param>
    /// <param name="SshPort">The port.</param>
    /// <param name="SshUser">The user.</param>
    /// <param name="SshKeySecretName">Where the key is stored.</param>
    /// <param name="HostKeyFingerprint">The pinned fingerprint.</param>
    /// <param name="CreatedAt">When it was added.</param>
    public sealed record ServerDto(Guid Id, string Name, string Address, string? PublicIp, int SshPort, string SshUser, string SshKeySecretName, string HostKeyFingerprint, DateTimeOffset CreatedAt)
    {
        internal static ServerDto From(HostingServer s) => new(s.Id, s.Name, s.Address, s.PublicIp?.ToString(), s.SshPort, s.SshUser, s.SshKeySecretName.Value, s.HostKeyFingerprint.Value, s.CreatedAt);
    }

    /// <summary><c>GET /api/servers</c>: every CloudPanel server.</summary>
    [ApiRoute("GET", "/api/servers", ApiScope.Read)]
    public static async Task<IResult> ListAsync(IHostingServerRepository r, CancellationToken ct) => TypedResults.Ok((await r.ListAsync(ct)).Select(ServerDto.From).ToList());

    /// <summary><c>GET /api/servers/{id}</c>: one server.</summary>
    [ApiRoute("GET", "/api/servers/{id:guid}", ApiScope.Read)]
    public static async Task<IResult> GetAsync(Guid id, IHostingServerRepository r, CancellationToken ct) =>
        await r.GetAsync(id, ct) is { } s ? TypedResults.Ok(ServerDto.From(s)) : ApiProblems.NotFound($"No server has id '{id}'.");

    /// <summary><c>POST /api/servers</c>: adds a server; the SSH key goes to the secret store (201).</summary>
    [ApiRoute("POST", "/api/servers", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> CreateAsync(HttpContext c, IHostingServerRepository r, ISecretStore s) => SaveAsync(c, null, r, s);

    /// <summary><c>PUT /api/servers/{id}</c>: replaces a server; a key given is rotated.</summary>
    [ApiRoute("PUT", "/api/servers/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static Task<IResult> UpdateAsync(HttpContext c, Guid id, IHostingServerRepository r, ISecretStore s) => SaveAsync(c, id, r, s);

    /// <summary><c>DELETE /api/servers/{id}</c>: deletes a server and its key (204).</summary>
    [ApiRoute("DELETE", "/api/servers/{id:guid}", ApiScope.Admin, ApiRateLimit.Write)]
    public static async Task<IResult> DeleteAsync(Guid id, IHostingServerRepository r, ISecretStore s, CancellationToken ct)
    {
        if (await r.GetAsync(id, ct) is not { } server || !await r.DeleteAsync(id, ct))
        {
            return ApiProblems.NotFound($"No server has id '{id}'.");
        }

        await SecretWrites.DeleteAsync(s, server.SshKeySecretName);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> SaveAsync(HttpContext c, Guid? id, IHostingServerRepository repo, ISecretStore secrets)
    {
        var (body, problem) = await ApiBody.ReadAsync<ServerRequest>(c.Request);
        if (problem is not null)
        {
            return problem;
        }

        var existing = id is { } existingId ? await repo.GetAsync(existingId, c.RequestAborted) : null;
        if (id is not null && existing is null)
        {
            return ApiProblems.NotFound($"No server has id '{id}'.");
        }

        var errors = new List<FieldError>();
        IPAddress? publicIp = null;
        if (body!.PublicIp is not null && !IpAddressText.TryParseIPv4(body.PublicIp, out publicIp))
        {
            errors.Add(new FieldError("public_ip", "Public IP must be a dotted-quad IPv4 address (four numbers 0-255 without leading zeros, e.g. 203.0.113.10)."));
        }

        if (!SshHostKeyFingerprint.TryParse(body.HostKeyFingerprint, out var fingerprint, out var fpError))
        {
            errors.Add(new FieldError("host_key_fingerprint", fpError));
        }

        var serverId = existing?.Id ?? Guid.CreateVersion7();
        var server = new HostingServer
        {
            Id = serverId,
            Name = body.Name!,
            Address = body.Address!,
            PublicIp = publicIp,
            SshPort = body.SshPort ?? 22,
            SshUser = body.SshUser!,
            SshKeySecretName = existing?.SshKeySecretName ?? SecretWrites.Name("server", serverId, "ssh-key"),
            HostKeyFingerprint = fingerprint!,
            CreatedAt = existing?.CreatedAt ?? default,
        };
        var allowRoot = c.RequestServices.GetRequiredService<IOptions<ServersOptions>>().Value.AllowRootSsh;
        errors.AddRange(server.Validate(allowRoot).Where(e => e.Field != "host_key_fingerprint" || fingerprint is not null));
        SecretWrites.Check(errors, "ssh_private_key", body.SshPrivateKey, required: existing is null);
        if (body.SshPrivateKey is { } key && !key.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            errors.Add(new FieldError("ssh_private_key", "The SSH key must be a PEM or OpenSSH private key (-----BEGIN … PRIVATE KEY-----)."));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Validation(errors);
        }

        var saved = await SecretWrites.WriteAsync(
            secrets,
            [(server.SshKeySecretName, body.SshPrivateKey)],
            existing is null,
            () => existing is null ? repo.CreateAsync(server, c.RequestAborted) : repo.UpdateAsync(server, c.RequestAborted),
            c.RequestAborted);
        return existing is null ? TypedResults.Created($"/api/servers/{saved.Id}", ServerDto.From(saved)) : TypedResults.Ok(ServerDto.From(saved));
    }
}