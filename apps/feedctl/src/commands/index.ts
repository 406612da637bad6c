import type { Command } from 'commander';
import { registerEvents } from '../events';
import { registerProjections } from '../projections';
import { registerParked } from '../parked/parked.command';
import { registerRebuild } from '../rebuild/rebuild.command';
import { registerVerify } from '../verify/verify.command';
import { registerSeed } from '../seed';

/**
 * Every command group, each in a file of its own. Add a group by writing `registerX(program)` in
 * commands/x.ts (or a folder) and listing it here.
 */
export function registerCommands(program: Command): void {
  registerProjections(program);
  registerRebuild(program);
  registerVerify(program);
  registerParked(program);
  registerEvents(program);
  registerSeed(program);
}
