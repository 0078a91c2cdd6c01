namespace WebsiteFactory.Api.Auth;

/// <summary>What a caller may do. Each scope includes the ones below it: admin ⊃ operate ⊃ read.</summary>
public enum ApiScope
{
    /// <summary>Read sites, accounts (never secret values), instances, analytics.</summary>
    Read = 0,

    /// <summary>Read, plus create/edit sites, start provisioning, retry, terminate, rewind.</summary>
    Operate = 1,

    /// <summary>Operate, plus accounts, servers, secrets, API keys, purge and teardown.</summary>
    Admin = 2,
}
