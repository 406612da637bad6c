import type { Command } from 'commander';
import { registerControls } from './controls';
import { registerStatus } from './status';

export function registerProjections(program: Command): void {
  registerStatus(program);
  registerControls(program);
}
