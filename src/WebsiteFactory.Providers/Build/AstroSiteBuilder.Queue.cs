using System.Diagnostics;
using WebsiteFactory.Core.Ports.Content;

namespace WebsiteFactory.Providers.Build;

/// <summary>The build queue: callers wait here; a free build slot takes everything waiting as one batch.</summary>
public sealed partial class AstroSiteBuilder
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Job> _waiting = [];
    private readonly int _slots;
    private readonly int _maxBatch;
    private int _activeBatches;
    private bool _pumpScheduled;
    private bool _disposed;

    /// <summary>Requests waiting for a build slot (for tests and diagnostics).</summary>
    internal int QueuedCount
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    private async Task<SiteBuildResult> EnqueueAsync(SiteBuildRequest request, string outputDirectory, CancellationToken cancellationToken)
    {
        var job = new Job(request, outputDirectory, cancellationToken);
        lock (_gate)
        {
            job.Node = _waiting.AddLast(job);
        }

        // Registered after queueing: a token cancelled in between runs the callback at once and takes the job out again.
        using (cancellationToken.Register(() => Cancel(job)))
        {
            SchedulePump();
            return await job.Done.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts the pump on the thread pool (once, however many requests arrive meanwhile): the caller's thread goes on
    /// queueing the rest of its burst, and the pump then takes them together. A thread-pool hop is the only delay a lone
    /// request sees.
    /// </summary>
    private void SchedulePump()
    {
        lock (_gate)
        {
            if (_pumpScheduled)
            {
                return;
            }

            _pumpScheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(static b => b.Pump(), this, preferLocal: false);
    }

    /// <summary>While a slot is free and requests wait: takes up to <see cref="_maxBatch"/> of them and starts their batch.</summary>
    private void Pump()
    {
        var start = new List<Batch>();
        lock (_gate)
        {
            _pumpScheduled = false;
            while (!_disposed && _activeBatches < _slots && _waiting.Count > 0)
            {
                var batch = new Batch();
                var domains = new HashSet<string>(StringComparer.Ordinal);
                for (var node = _waiting.First; node is not null && batch.Jobs.Count < _maxBatch;)
                {
                    var next = node.Next;
                    // Two requests for one domain never share a run (one output folder each); the second waits for the next.
                    if (domains.Add(node.Value.Request.Domain.Value))
                    {
                        _waiting.Remove(node);
                        node.Value.Node = null;
                        node.Value.Batch = batch;
                        batch.Jobs.Add(node.Value);
                    }

                    node = next;
                }

                _activeBatches++;
                start.Add(batch);
            }
        }

        foreach (var batch in start)
        {
            _ = Task.Run(() => RunBatchAsync(batch));
        }
    }

    private async Task RunBatchAsync(Batch batch)
    {
        try
        {
            await BuildBatchAsync(batch.Jobs, batch.Cancellation.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Whatever went wrong reaches every caller still waiting; the slot must be freed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var job in batch.Jobs)
            {
                job.Fail(e);
            }
        }
        finally
        {
            lock (_gate)
            {
                _activeBatches--;
            }

            batch.Cancellation.Dispose();
            Pump();
        }
    }

    /// <summary>A caller gave up: out of the queue if not started; if started, its batch stops when nobody else waits on it.</summary>
    private void Cancel(Job job)
    {
        Batch? batch;
        lock (_gate)
        {
            if (job.Node is not null)
            {
                _waiting.Remove(job.Node);
                job.Node = null;
            }

            batch = job.Batch;
        }

        job.Done.TrySetCanceled(job.CancellationToken);
        if (batch is not null && batch.Jobs.TrueForAll(j => j.Done.Task.IsCompleted))
        {
            try
            {
                batch.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The batch has just ended.
            }
        }
    }

    /// <summary>One caller's request, waiting or in a batch.</summary>
    private sealed class Job(SiteBuildRequest request, string output, CancellationToken cancellationToken)
    {
        public SiteBuildRequest Request { get; } = request;

        public string Output { get; } = output;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public long Queued { get; } = Stopwatch.GetTimestamp();

        public TaskCompletionSource<SiteBuildResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Its place in the queue while it waits (guarded by the builder's gate).</summary>
        public LinkedListNode<Job>? Node { get; set; }

        /// <summary>The batch that took it (guarded by the builder's gate).</summary>
        public Batch? Batch { get; set; }

        public bool Abandoned => Done.Task.IsCompleted;

        public void Fail(Exception e) => Done.TrySetException(e);
    }

    /// <summary>The requests one free slot took, built by one Astro run (or by halves when that run fails).</summary>
    private sealed class Batch
    {
        public List<Job> Jobs { get; } = [];

        /// <summary>Cancelled when every caller of the batch has given up.</summary>
        public CancellationTokenSource Cancellation { get; } = new();
    }
}
