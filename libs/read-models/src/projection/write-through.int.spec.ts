import { shardOf } from '@photofeed/ids';
import type { DocumentCache, DocumentChanges } from '../documents/document-cache';
import type { PhotoDocument, UserDocument } from '../documents/documents';
import {
  loadDocuments,
  selectPhotoDocuments,
  selectUserDocuments,
} from '../documents/load-documents';
import { appendRandomHistory } from '../testing/random-workload';
import { ReadModelHarness, TABLE_KEYS } from '../testing/read-model-harness';

// With a cache, each batch's apply_batch calls answer the documents of the rows they changed,
// and the projection writes those through after commit. Whatever the batch, the last document
// written for an id must be exactly what the document queries read from the shards at the end.

let h: ReadModelHarness;
beforeAll(async () => {
  h = await ReadModelHarness.create('read_write_through');
});
afterAll(() => h?.drop());

/** Remembers the last document written (or the deletion) per id, in write-through order. */
class RecordingCache {
  readonly users = new Map<string, UserDocument>();
  readonly photos = new Map<string, PhotoDocument | 'deleted'>();
  batches = 0;

  async writeThrough(changes: DocumentChanges): Promise<void> {
    this.batches++;
    for (const d of changes.users ?? []) this.users.set(d.id, d);
    for (const d of changes.photos ?? []) this.photos.set(d.id, d);
    for (const id of changes.deletedPhotoIds ?? []) this.photos.set(id, 'deleted');
  }
}

it('writes through exactly the documents the shards hold, deletions included', async () => {
  const end = await appendRandomHistory(h.writes, { seed: 5, users: 40, commands: 600, shards: 8 });
  const cache = new RecordingCache();
  await h.start({ cache: cache as unknown as DocumentCache }, 45);
  await h.waitFor(end);
  await h.stop();
  expect(cache.batches).toBeGreaterThan(10);

  const userIds = [...cache.users.keys()].map(BigInt);
  const users = await loadDocuments(h.router, userIds, selectUserDocuments);
  expect(users.length).toBe(40);
  expect(Object.fromEntries(users.map((d) => [d.id, d]))).toEqual(Object.fromEntries(cache.users));

  const photoIds = [...cache.photos.keys()].map(BigInt);
  const photos = new Map(
    (await loadDocuments(h.router, photoIds, selectPhotoDocuments)).map((d) => [d.id, d]),
  );
  let deleted = 0;
  for (const [id, last] of cache.photos) {
    if (last === 'deleted') deleted++;
    expect({ id, doc: photos.get(id) ?? 'deleted' }).toEqual({ id, doc: last });
  }
  expect(deleted).toBeGreaterThan(0);
  // Every photo the shards hold was written through at some point.
  const held = await h.onDatabase<{ n: number }>(
    0,
    `SELECT count(*)::int AS n FROM (${h.router.map
      .schemasOn(0)
      .map((s) => `SELECT ${TABLE_KEYS.photos} FROM "${s}".photos`)
      .join(' UNION ALL ')}) x`,
  );
  expect(
    [...photos.values()].filter((d) => h.router.map.databaseFor(shardOf(BigInt(d.id))) === 0),
  ).toHaveLength(held[0].n);
});
