using WebsiteFactory.Core.Domain;
using WebsiteFactory.Core.Ports.Vendors;

namespace WebsiteFactory.Core.Ports.Stores;

/// <summary>One row of the append-only <c>server_actions</c> audit: who ran which allow-listed action on which server, and how it went.</summary>
public sealed record ServerActionEntry
{
    /// <summary>Monotonic id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>The server.</summary>
    public required Guid ServerId { get; init; }

    /// <summary>The server's name at the time (kept after the server is deleted).</summary>
    public required string ServerName { get; init; }

    /// <summary>The action.</summary>
    public required ServerAction Action { get; init; }

    /// <summary>The site it applied to (renew-certificate), else null.</summary>
    public string? Target { get; init; }

    /// <summary><see cref="StepOutcome.Started"/>, <see cref="StepOutcome.Succeeded"/> or <see cref="StepOutcome.Failed"/>.</summary>
    public required StepOutcome Outcome { get; init; }

    /// <summary>What the server said (secrets redacted).</summary>
    public string? Message { get; init; }

    /// <summary>Who: the signed-in user or <c>key:{name}</c> of an API key.</summary>
    public required string Actor { get; init; }

    /// <summary>When (UTC, database clock).</summary>
    public DateTimeOffset At { get; init; }
}
