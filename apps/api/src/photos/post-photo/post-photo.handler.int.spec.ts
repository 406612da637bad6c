import { randomInt } from 'node:crypto';
import { CommandExecutor, Decisions } from '@photofeed/command-handling';
import type { AppendToStream, EventStore, RecordedEvent } from '@photofeed/event-store';
import { composeId, formatId, ID_EPOCH, type PostgresIdAllocator } from '@photofeed/ids';
import { PhotoProcessor, photoObjectKeys, S3PhotoStorage } from '@photofeed/media';
import { requireEnv } from '@photofeed/testing';
import { jpegWithExif } from '../testing/test-images';
import { PostPhotoCommand, PostPhotoHandler } from './post-photo.handler';

// The handler against the real bucket, with a log that fails to append: the one failure the e2e
// suite cannot provoke through HTTP.

const storage = S3PhotoStorage.fromConfig({
  endpoint: requireEnv('S3_ENDPOINT'),
  region: requireEnv('S3_REGION'),
  accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
  secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
  bucket: requireEnv('S3_BUCKET'),
  forcePathStyle: true,
});

const newId = (shard: number) =>
  composeId({ ms: Date.now() - ID_EPOCH.getTime(), shard, sequence: randomInt(1024) });
const ownerId = formatId(newId(7));

/** A log whose append fails; `commitFirst` stores the events anyway (the answer was lost). */
function failingLog(commitFirst: boolean) {
  const stored: RecordedEvent[] = [];
  const store = {
    readStream: async (streamId: string) => stored.filter((e) => e.streamId === streamId),
    appendMany: async (requests: AppendToStream[]) => {
      if (commitFirst)
        for (const { streamId, events } of requests)
          for (const e of events)
            stored.push({
              ...e,
              streamId,
              schemaVersion: 1,
              streamRevision: 0n,
              position: { tx: 42n, seq: 7n },
              globalPosition: 7n,
              recordedAt: new Date(),
              metadata: {},
            } as RecordedEvent);
      throw new Error('connection terminated unexpectedly');
    },
  } as unknown as EventStore;
  return store;
}

function handlerWith(store: EventStore, photoId: bigint) {
  const ids = { next: async () => photoId } as unknown as PostgresIdAllocator;
  return new PostPhotoHandler(
    store,
    new Decisions({ store, executor: new CommandExecutor(store) }),
    ids,
    new PhotoProcessor(),
    storage,
  );
}

let image: Buffer;
beforeAll(async () => {
  image = await jpegWithExif(300, 300);
});

const command = () => new PostPhotoCommand(ownerId, image, 'hello', undefined, {});
/** How many of the photo's four objects are in the bucket. */
async function objectsOf(photoId: string): Promise<number> {
  const keys = Object.values(photoObjectKeys(photoId));
  return (await Promise.all(keys.map((key) => storage.exists(key)))).filter(Boolean).length;
}

describe('PostPhotoHandler when the append fails', () => {
  it('deletes the uploaded objects and rethrows', async () => {
    const photoId = newId(7);
    const error = await handlerWith(failingLog(false), photoId)
      .execute(command())
      .catch((e: unknown) => e);
    expect(error).toEqual(new Error('connection terminated unexpectedly'));
    expect(await objectsOf(formatId(photoId))).toBe(0);
  });

  it('keeps the objects and answers success when the append committed after all', async () => {
    const photoId = newId(7);
    const posted = await handlerWith(failingLog(true), photoId).execute(command());
    expect(posted).toMatchObject({
      photo: { photoId: formatId(photoId), ownerId },
      position: '42-7',
    });
    expect(await objectsOf(formatId(photoId))).toBe(4);
    await storage.deletePhoto(formatId(photoId));
  });
});
