using System.Net;

namespace WebsiteFactory.Chaos.Tests;

/// <summary>
/// Polls <c>/health/ready</c> twice a second for the whole scenario. While the server and its database are meant to be up
/// (<see cref="Expect"/> true) every answer should be 200; while PostgreSQL is down it should not be.
/// </summary>
internal sealed class HealthWatch : IAsyncDisposable
{
    private readonly ServerProcess _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _lock = new();
    private readonly List<string> _unexpected = [];
    private volatile bool _expect;

    public HealthWatch(ServerProcess server)
    {
        _server = server;
        _expect = true;
        _loop = Task.Run(LoopAsync);
    }

    public int Ok { get; private set; }

    public int NotReadyWhileDown { get; private set; }

    public int NoAnswer { get; private set; }

    /// <summary>Non-200 answers while everything was meant to be up ("503 at 12:00:01").</summary>
    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_lock)
            {
                return [.. _unexpected];
            }
        }
    }

    /// <summary>Whether the server should be ready now (false while it is being killed/restarted or its database is down).</summary>
    public bool Expect
    {
        get => _expect;
        set => _expect = value;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var expect = _expect;
            var status = await _server.ReadyStatusAsync();
            lock (_lock)
            {
                if (status == HttpStatusCode.OK)
                {
                    Ok++;
                }
                else if (status is null)
                {
                    NoAnswer++; // not listening (killed) or no answer within 5 s
                }
                else if (!expect || !_expect)
                {
                    NotReadyWhileDown++;
                }
                else
                {
                    _unexpected.Add($"{(int)status} at {DateTimeOffset.UtcNow:HH:mm:ss.f}");
                }
            }

            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override string ToString() => $"/health/ready: {Ok} x 200, {NotReadyWhileDown} x not ready while down, {NoAnswer} x no answer, {Unexpected.Count} unexpected non-200 while up";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
