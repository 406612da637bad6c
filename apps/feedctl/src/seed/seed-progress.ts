import { Presets, SingleBar } from 'cli-progress';

/** What the seed reports while it works: one phase after another, one tick per command. */
export interface SeedProgress {
  phase(name: string, total: number): void;
  tick(): void;
  /** Ends the current phase's bar (also after an interruption or a failure). */
  end(): void;
}

/**
 * A bar per phase on stderr when it is a terminal (each finished bar stays on screen); otherwise
 * (logs, CI, tests) one line per phase as it ends, with how far it got and how long it took.
 */
export function stderrProgress(stderr: NodeJS.WritableStream): SeedProgress {
  const tty = (stderr as NodeJS.WritableStream & { isTTY?: boolean }).isTTY === true;
  let bar: SingleBar | undefined;
  let current: { name: string; total: number; done: number; started: number } | undefined;
  const end = () => {
    bar?.stop();
    bar = undefined;
    if (current && !tty) {
      const seconds = ((Date.now() - current.started) / 1000).toFixed(1);
      stderr.write(`seed: ${current.name} ${current.done}/${current.total} in ${seconds} s\n`);
    }
    current = undefined;
  };
  return {
    phase(name, total) {
      end();
      current = { name, total, done: 0, started: Date.now() };
      if (!tty) return;
      bar = new SingleBar(
        {
          stream: stderr,
          format: '{phase} |{bar}| {value}/{total} {percentage}% | {duration}s',
          barsize: 30,
          // feedctl handles Ctrl-C itself (finish what is in flight, then stop).
          gracefulExit: false,
        },
        Presets.shades_classic,
      );
      bar.start(total, 0, { phase: name.padEnd(18) });
    },
    tick() {
      if (current) current.done++;
      bar?.increment();
    },
    end,
  };
}
