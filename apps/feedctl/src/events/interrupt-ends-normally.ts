import type { Command } from 'commander';
import { action, type Action } from '../command';

/**
 * `action()` for a command whose normal end is Ctrl-C (`events tail`): a tail leaves nothing half
 * done, so a clean stop after Ctrl-C exits 0. Failures keep their codes, and a second Ctrl-C still
 * quits at once with EXIT.interrupted.
 */
export function actionEndedByInterrupt<A extends unknown[]>(command: Command, run: Action<A>) {
  return action<A>(command, run, { interruptIsNormalEnd: true });
}
