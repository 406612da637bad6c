import type { EventMetadata } from './types';

/**
 * Moves one event type's data from `fromVersion` to `fromVersion + 1`.
 * Old events stay as they were written; readers see them in the current shape.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: unknown, metadata: EventMetadata): unknown;
}

/** Applies chains of upcasters on read. Built once per store; lookups are a map hit per event. */
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const u of upcasters) {
      const key = `${u.type}@${u.fromVersion}`;
      if (this.steps.has(key)) throw new Error(`two upcasters for ${key}`);
      this.steps.set(key, u);
    }
  }

  get isEmpty(): boolean {
    return this.steps.size === 0;
  }

  upcast(
    type: string,
    schemaVersion: number,
    data: unknown,
    metadata: EventMetadata,
  ): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (
      let step = this.steps.get(`${type}@${version}`);
      step;
      step = this.steps.get(`${type}@${version}`)
    ) {
      current = step.upcast(current, metadata);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
