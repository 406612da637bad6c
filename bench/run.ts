/**
 * npm run bench -- <name> [--flags]: runs `main(flags)` of bench/<name>.ts.
 * Every bench writes one JSON object per line to stdout, its summary last; progress goes to stderr.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';

function available(): string[] {
  return readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.d.ts'))
    .map((f) => basename(f, '.ts'))
    .sort();
}

async function run(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const benches = available();
  if (!name || !benches.includes(name)) {
    process.stderr.write(
      `${name ? `unknown bench: ${name}\n` : ''}usage: npm run bench -- <name> [--flags]\navailable: ${benches.join(', ')}\n`,
    );
    return 2;
  }
  const bench = (await import(`./${name}`)) as { main?: (argv: string[]) => Promise<void> };
  if (typeof bench.main !== 'function') {
    process.stderr.write(`bench/${name}.ts exports no main(argv)\n`);
    return 2;
  }
  await bench.main(args);
  return 0;
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
