import type { EventStore } from '@photofeed/event-store';

/** How to fold a stream into state: the domain's evolve and initial state. */
export interface Evolver<State, Event extends { type: string; data: unknown }> {
  initialState(): State;
  evolve(state: State, event: Event): State;
}

export interface LoadedState<State> {
  state: State;
  /** The stream's last revision, -1n when empty: the expected revision of the next append. */
  revision: bigint;
}

const PAGE = 500;

/**
 * Reads one stream from the start and folds it. Streams here are small by design (one per like,
 * per follow, per photo), so a full read is a page or two.
 */
export async function loadState<State, Event extends { type: string; data: unknown }>(
  store: EventStore,
  streamId: string,
  evolver: Evolver<State, Event>,
): Promise<LoadedState<State>> {
  let state = evolver.initialState();
  let revision = -1n;
  for (;;) {
    const page = await store.readStream(streamId, { fromRevision: revision + 1n, limit: PAGE });
    for (const e of page) {
      state = evolver.evolve(state, { type: e.type, data: e.data } as Event);
      revision = e.streamRevision;
    }
    if (page.length < PAGE) return { state, revision };
  }
}
