import type { Command } from 'commander';

/** Where a program reads its environment and writes: the process, or a test's own. */
export interface FeedctlIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const ios = new WeakMap<Command, FeedctlIo>();

export const processIo = (): FeedctlIo => ({
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});

export function attachIo(program: Command, io: FeedctlIo): void {
  ios.set(program, io);
}

/** The io of the root program a command belongs to. */
export function ioOf(command: Command): FeedctlIo {
  let root = command;
  while (root.parent) root = root.parent;
  return ios.get(root) ?? processIo();
}
