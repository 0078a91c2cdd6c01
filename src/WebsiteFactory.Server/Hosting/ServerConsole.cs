namespace WebsiteFactory.Server.Hosting;

/// <summary>Where one-time operator messages (the generated admin password) go: standard output by default; the demo and tests replace it.</summary>
public class ServerConsole
{
    /// <summary>Writes a line for the operator.</summary>
    /// <param name="text">The text.</param>
    public virtual void WriteLine(string text) => Console.Out.WriteLine(text);
}
