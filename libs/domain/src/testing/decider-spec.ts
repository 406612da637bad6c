/**
 * Given/when/then for deciders (after Emmett's DeciderSpecification), for jest tests:
 *
 *   const spec = deciderSpec(likePhotoDecider);
 *   spec.given([photoPosted]).when(likeIt).then([liked]);
 *   spec.given([photoPosted, liked]).when(likeIt).thenUnchanged();
 *   spec.given([]).when(likeIt).thenRefuses('photo_not_found');
 *
 * Beyond comparing events it checks what every decider owes its handler: the state is not
 * mutated (it is frozen), every emitted event goes to a stream the handler read, and evolve
 * accepts what decide emitted.
 */
import { streamOf, type PhotoFeedEvent } from '../events';
import type { Decider, Decision } from '../shared/decider';
import { DomainError, type DomainErrorCode } from '../shared/domain-error';

type ErrorClass = abstract new (...args: never[]) => Error;

export function deciderSpec<Command, State, Event extends PhotoFeedEvent>(
  decider: Decider<Command, State, Event>,
) {
  return {
    given: (givenEvents: readonly Event[]) => ({
      when: (command: Command) => {
        const decide = (): Decision<Event> => {
          const state = deepFreeze(
            deepFreeze([...givenEvents]).reduce(decider.evolve, decider.initialState()),
          );
          const decision = decider.decide(command, state);
          const readStreams = decider.streams(command);
          for (const event of decision.events) expect(readStreams).toContain(streamOf(event));
          decision.events.reduce(decider.evolve, state);
          return decision;
        };
        return {
          /** Decided exactly these events, and the command succeeded. */
          then(expected: readonly Event[]): void {
            const decision = decide();
            expect(decision.events).toEqual(expected);
            expect(decision.changed).toBe(true);
            expect(decision.rejection).toBeUndefined();
          },
          /** Nothing to append: the command asked for what is already true. */
          thenUnchanged(): void {
            expect(decide()).toEqual({ events: [], changed: false });
          },
          /** Refused: threw a DomainError with this code (and so of this code's kind). */
          thenRefuses(code: DomainErrorCode): void {
            const error = thrownBy(decide);
            expect(error).toBeInstanceOf(DomainError);
            expect(error).toMatchObject({ code });
            expect((error as Error).message).not.toBe('');
          },
          /** Threw an instance of this class, or an error the predicate accepts. */
          thenThrows(expected: ErrorClass | ((error: unknown) => boolean)): void {
            const error = thrownBy(decide);
            if (isErrorClass(expected)) expect(error).toBeInstanceOf(expected);
            else expect(expected(error)).toBe(true);
          },
          /** Decided these events *and* refused the command with this code (append, then fail). */
          thenRefusesAfter(expected: readonly Event[], code: DomainErrorCode): void {
            const decision = decide();
            expect(decision.events).toEqual(expected);
            expect(decision.changed).toBe(true);
            expect(decision.rejection).toBeInstanceOf(DomainError);
            expect(decision.rejection).toMatchObject({ code });
          },
        };
      },
    }),
  };
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('Expected the command to be refused, but it was decided.');
}

function isErrorClass(value: unknown): value is ErrorClass {
  return typeof value === 'function' && (value === Error || value.prototype instanceof Error);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
