import type { DomainError } from './domain-error';

/**
 * What a command decided. Uniform for every use case:
 * - `events`: what to append (each to `streamOf(event)`), in order;
 * - `changed: false`: the command asked for what is already true (liking twice, deleting a deleted
 *   photo): nothing to append, and the caller answers success;
 * - `rejection`: append `events`, then fail the command with this error. Only refresh-token reuse
 *   does this: the session must be revoked *and* the caller refused, and a throw would lose the event.
 * Plain refusals are thrown DomainErrors, with nothing to append.
 */
export interface Decision<Event> {
  readonly events: readonly Event[];
  readonly changed: boolean;
  readonly rejection?: DomainError;
}

export function emit<Event>(...events: Event[]): Decision<Event> {
  return { events, changed: true };
}

export function unchanged(): Decision<never> {
  return { events: [], changed: false };
}

export function emitThenReject<Event>(rejection: DomainError, ...events: Event[]): Decision<Event> {
  return { events, changed: true, rejection };
}

/**
 * One use case, all a command handler needs:
 * 1. read every stream in `streams(command)`, noting each one's revision;
 * 2. fold all their events (in any order across streams: each event updates its own part of the
 *    state) with `evolve`, from `initialState()`;
 * 3. `decide`, then append `decision.events` grouped by `streamOf(event)` in one atomic append,
 *    expecting for each stream the revision read in step 1 (`noStream` when it was empty):
 *    `toStreamWrites(decision.events, revisionsRead)` builds exactly that.
 * Every event `decide` emits goes to one of `streams(command)`, so step 3 always has a revision.
 * Step 3's expected revisions are what make "like once", "follow once" and unique usernames hold
 * under concurrency: two racing handlers read the same revision and the second append fails.
 */
export interface Decider<Command, State, Event> {
  streams: (command: Command) => readonly string[];
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Decision<Event>;
}
