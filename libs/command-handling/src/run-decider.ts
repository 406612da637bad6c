import type { EventStore } from '@photofeed/event-store';
import {
  toStreamWrites,
  type Decider,
  type DomainError,
  type PhotoFeedEvent,
} from '@photofeed/domain';
import type { CommandContext, CommandExecutor, CommandOutcome } from './command-executor';

/**
 * Runs one use case of the domain: read every stream the decider names (in parallel), fold them,
 * decide, append the events atomically with the revisions read. Thrown DomainErrors pass through
 * with nothing written; a decision that records events *and* refuses (refresh-token reuse) is
 * appended first, then its rejection thrown.
 */
export async function runDecider<Command, State, Event extends PhotoFeedEvent>(
  deps: { store: EventStore; executor: CommandExecutor },
  decider: Decider<Command, State, Event>,
  command: Command,
  context: CommandContext,
): Promise<CommandOutcome> {
  let rejection: DomainError | undefined;
  const outcome = await deps.executor.execute(context, async () => {
    const streams = decider.streams(command);
    const read = await Promise.all(streams.map((s) => deps.store.readStream(s)));
    let state = decider.initialState();
    const revisions = new Map<string, bigint>();
    streams.forEach((streamId, i) => {
      for (const e of read[i])
        state = decider.evolve(state, { type: e.type, data: e.data } as Event);
      revisions.set(streamId, read[i].length ? read[i][read[i].length - 1].streamRevision : -1n);
    });
    const decision = decider.decide(command, state);
    rejection = decision.rejection;
    return toStreamWrites(decision.events, revisions);
  });
  if (rejection) throw rejection;
  return outcome;
}

/** `runDecider` bound to one store and executor: all a command handler needs to inject. */
export class Decisions {
  constructor(private readonly deps: { store: EventStore; executor: CommandExecutor }) {}

  run<Command, State, Event extends PhotoFeedEvent>(
    decider: Decider<Command, State, Event>,
    command: Command,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    return runDecider(this.deps, decider, command, context);
  }
}
