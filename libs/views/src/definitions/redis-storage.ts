import type Redis from 'ioredis';
import type { ViewDifferences } from './view-definition';

/** Keys under a prefix, SCANned (never KEYS) in pages; the prefix's glob characters escaped. */
export async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const match = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, page] = await redis.scan(cursor, 'MATCH', match, 'COUNT', 2000);
    cursor = next;
    keys.push(...page);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under a prefix (UNLINK: freed in the background), a page at a time. */
export async function dropKeys(redis: Redis, prefix: string): Promise<number> {
  const keys = await scanKeys(redis, prefix);
  for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
  return keys.length;
}

export interface RedisCompareOptions {
  /** Key suffixes (after the prefix) that are not part of the comparison, e.g. caches. */
  ignore?: (suffix: string) => boolean;
}

/**
 * Differences between the keys under two prefixes (a live view and its scratch rebuild): keys
 * only under one, and keys whose content differs (type, then members and scores, fields and
 * values, bytes), compared canonically (sets sorted, hashes by field).
 */
export async function compareKeyPrefixes(
  redis: Redis,
  a: string,
  b: string,
  options: RedisCompareOptions = {},
): Promise<ViewDifferences> {
  const keep = (suffix: string) => !options.ignore?.(suffix);
  const [keysA, keysB] = await Promise.all([scanKeys(redis, a), scanKeys(redis, b)]);
  const suffixesA = new Set(keysA.map((k) => k.slice(a.length)).filter(keep));
  const suffixesB = new Set(keysB.map((k) => k.slice(b.length)).filter(keep));
  const result: ViewDifferences = { count: 0, samples: [], compared: '' };
  const differ = (part: string, detail: string) => {
    result.count++;
    if (result.samples.length < 10) result.samples.push({ part, detail });
  };
  for (const s of suffixesA) if (!suffixesB.has(s)) differ(s, `only in ${a}`);
  for (const s of suffixesB) if (!suffixesA.has(s)) differ(s, `only in ${b}`);
  const common = [...suffixesA].filter((s) => suffixesB.has(s));
  for (let i = 0; i < common.length; i += 500) {
    const page = common.slice(i, i + 500);
    const [valuesA, valuesB] = await Promise.all([
      canonicalValues(
        redis,
        page.map((s) => a + s),
      ),
      canonicalValues(
        redis,
        page.map((s) => b + s),
      ),
    ]);
    page.forEach((suffix, j) => {
      if (valuesA[j] !== valuesB[j])
        differ(suffix, `${abbreviate(valuesA[j])} ≠ ${abbreviate(valuesB[j])}`);
    });
  }
  result.compared = `${suffixesA.size} keys under ${a} and ${suffixesB.size} under ${b}`;
  return result;
}

/** Each key's content as one comparable string. */
async function canonicalValues(redis: Redis, keys: string[]): Promise<string[]> {
  const types = (await redis.pipeline(keys.map((k) => ['type', k])).exec())!.map(
    ([, t]) => t as string,
  );
  const reads = keys.map((key, i) => readCommand(types[i], key));
  const values = (await redis.pipeline(reads.map((r) => r.command)).exec())!;
  return values.map(([error, value], i) => {
    if (error) throw error;
    return `${types[i]}:${reads[i].canonical(value)}`;
  });
}

function readCommand(
  type: string,
  key: string,
): { command: string[]; canonical: (value: unknown) => string } {
  const hex = (b: Buffer) => b.toString('hex');
  switch (type) {
    case 'string':
      return { command: ['getBuffer', key], canonical: (v) => hex(v as Buffer) };
    case 'hash':
      return {
        command: ['hgetallBuffer', key],
        canonical: (v) =>
          Object.entries(v as Record<string, Buffer>)
            .map(([f, x]) => `${f}=${hex(x)}`)
            .sort()
            .join(','),
      };
    case 'set':
      return {
        command: ['smembersBuffer', key],
        canonical: (v) => (v as Buffer[]).map(hex).sort().join(','),
      };
    case 'zset':
      return {
        command: ['zrangeBuffer', key, '0', '-1', 'WITHSCORES'],
        canonical: (v) => (v as Buffer[]).map(hex).join(','),
      };
    case 'list':
      return {
        command: ['lrangeBuffer', key, '0', '-1'],
        canonical: (v) => (v as Buffer[]).map(hex).join(','),
      };
    default:
      return { command: ['type', key], canonical: () => '' };
  }
}

function abbreviate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
