namespace WebsiteFactory.Workflows;

/// <summary>History event kinds; names and numeric values match DTFx's <c>DurableTask.Core.History.EventType</c>.</summary>
public enum HistoryEventType
{
    /// <summary>An execution started (input, version, parent).</summary>
    ExecutionStarted = 0,

    /// <summary>An execution ended; <see cref="HistoryEvent.OrchestrationStatus"/> says Completed or Failed.</summary>
    ExecutionCompleted = 1,

    /// <summary>Reserved by DTFx; failures are recorded as <see cref="ExecutionCompleted"/>.</summary>
    ExecutionFailed = 2,

    /// <summary>A client terminated the instance.</summary>
    ExecutionTerminated = 3,

    /// <summary>The orchestrator scheduled an activity.</summary>
    TaskScheduled = 4,

    /// <summary>An activity returned.</summary>
    TaskCompleted = 5,

    /// <summary>An activity threw.</summary>
    TaskFailed = 6,

    /// <summary>The orchestrator started a sub-orchestration.</summary>
    SubOrchestrationInstanceCreated = 7,

    /// <summary>A sub-orchestration completed.</summary>
    SubOrchestrationInstanceCompleted = 8,

    /// <summary>A sub-orchestration failed.</summary>
    SubOrchestrationInstanceFailed = 9,

    /// <summary>The orchestrator created a durable timer.</summary>
    TimerCreated = 10,

    /// <summary>A durable timer fired.</summary>
    TimerFired = 11,

    /// <summary>An episode started (its timestamp is the episode's <c>CurrentUtcDateTime</c>).</summary>
    OrchestratorStarted = 12,

    /// <summary>An episode ended.</summary>
    OrchestratorCompleted = 13,

    /// <summary>The orchestrator sent an event to another instance.</summary>
    EventSent = 14,

    /// <summary>An external event arrived.</summary>
    EventRaised = 15,

    /// <summary>The execution continued as new.</summary>
    ContinueAsNew = 16,

    /// <summary>A generic marker (used for rewound events).</summary>
    GenericEvent = 17,

    /// <summary>Reserved by DTFx.</summary>
    HistoryState = 18,

    /// <summary>A client suspended the instance.</summary>
    ExecutionSuspended = 19,

    /// <summary>A client resumed the instance.</summary>
    ExecutionResumed = 20,

    /// <summary>A client rewound the failed instance.</summary>
    ExecutionRewound = 21,
}
