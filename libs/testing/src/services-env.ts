import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ENV_FILE = join(__dirname, '..', '..', '..', '.services', 'env');

/**
 * Fills process.env from `.services/env` (written by `scripts/services.sh up`) for every var the
 * user did not set, so `npx jest` works after `npm run services up` without exporting anything.
 */
export function loadServicesEnv(): void {
  if (!existsSync(ENV_FILE)) return;
  for (const line of readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const m = /^export ([A-Z0-9_]+)='(.*)'$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}

export function requireEnv(name: string): string {
  loadServicesEnv();
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run \`npm run services up\` or export ${name}`);
  return value;
}
