namespace WebsiteFactory.Api;

/// <summary>
/// Settings of the <c>/api</c> handlers. The local server binds them from its <c>Server</c> section
/// (<c>Server:TaskHub</c>, <c>Server:MaxImportBytes</c>, <c>Server:MaxImportRows</c>); the Functions app takes the task hub
/// from <c>WF_TASK_HUB</c> (the setting <c>host.json</c> names the hub with) and keeps the import defaults.
/// </summary>
public sealed class ApiOptions
{
    /// <summary>The task hub name put in management URLs (<c>taskHub=</c>). Default: <c>WebsiteFactory</c>.</summary>
    public string TaskHub { get; set; } = "WebsiteFactory";

    /// <summary>The largest import body in bytes (CSV or JSON). Default: 5 MB.</summary>
    public long MaxImportBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The most rows one import may hold. Default: 10 000.</summary>
    public int MaxImportRows { get; set; } = 10_000;

    /// <summary>Whether the values can be used.</summary>
    /// <returns>True when the task hub is named and the import limits are positive.</returns>
    public bool IsValid() => !string.IsNullOrWhiteSpace(this.TaskHub) && this.MaxImportBytes > 0 && this.MaxImportRows > 0;
}
