using WebsiteFactory.Functions.Generators;
using WebsiteFactory.Workflows;

namespace WebsiteFactory.Functions.Triggers;

/// <summary>
/// The orchestration and activity triggers: one <c>[Function]</c> per <c>TaskOrchestrator</c> and <c>TaskActivity</c>
/// class of <c>WebsiteFactory.Workflows</c>, named with its <c>[DurableTask]</c> name, generated at build time by
/// <c>WebsiteFactory.Functions.Generators</c> (see README.md). An orchestrator trigger runs
/// <c>new TOrchestrator().RunAsync(context, context.GetInput&lt;TInput&gt;()!)</c>; an activity trigger runs
/// <see cref="ActivityTriggers.RunAsync{TActivity, TInput, TOutput}"/>.
/// </summary>
[DurableTaskTriggers(typeof(WorkflowSerialization))]
public static partial class WorkflowTriggers;
