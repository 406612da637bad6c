import { SUBJECT_KINDS, type SubjectKind } from './subject-protocol';

export function positiveNumber(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new Error(`--${name} must be a positive number, got ${text}`);
  return n;
}

export function positiveInt(name: string, text: string | undefined): number {
  const n = positiveNumber(name, text);
  if (!Number.isInteger(n)) throw new Error(`--${name} must be an integer, got ${text}`);
  return n;
}

/** `--stores ours,emmett` → the subjects to run, in the given order. */
export function storeList(
  text: string | undefined,
  allowed: readonly SubjectKind[] = SUBJECT_KINDS,
): SubjectKind[] {
  const kinds = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const k of kinds) {
    if (!allowed.includes(k as SubjectKind))
      throw new Error(`--stores: unknown store ${k} (known: ${allowed.join(', ')})`);
  }
  if (kinds.length === 0) throw new Error('--stores: name at least one store');
  return kinds as SubjectKind[];
}
