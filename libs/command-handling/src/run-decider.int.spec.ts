import {
  likePhotoDecider,
  postPhotoDecider,
  registerUserDecider,
  DomainError,
} from '@photofeed/domain';
import { PostgresEventStore } from '@photofeed/event-store';
import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import { CommandExecutor } from './command-executor';
import { runDecider } from './run-decider';

let db: TestDatabase;
let deps: { store: PostgresEventStore; executor: CommandExecutor };
beforeAll(async () => {
  db = await createTestDatabase('run_decider');
  const store = new PostgresEventStore({ connectionString: db.url, maxConnections: 8 });
  deps = { store, executor: new CommandExecutor(store) };
});
afterAll(async () => {
  await deps.store.close();
  await db.drop();
});

const now = new Date('2026-11-22T10:00:00Z');
const register = (userId: string, username: string) =>
  runDecider(
    deps,
    registerUserDecider,
    { userId, username, displayName: username, passwordHash: 'h', now },
    {},
  );

describe('runDecider with the real domain', () => {
  it('two registrations racing for one username (any case): one wins, the other is username_taken', async () => {
    const results = await Promise.allSettled([register('1001', 'Ana'), register('1002', 'ana')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(DomainError);
    expect(lost[0].reason.code).toBe('username_taken');
    expect((await deps.store.readStream('username-ana')).length).toBe(1);
  });

  it('liking twice appends once and reports the second as unchanged', async () => {
    await register('2001', 'owner');
    await runDecider(
      deps,
      postPhotoDecider,
      {
        photoId: '3001',
        ownerId: '2001',
        caption: 'hi',
        objects: { original: 'o', large: 'l', medium: 'm', small: 's' },
        width: 612,
        height: 612,
        now,
      },
      {},
    );
    const like = () =>
      runDecider(
        deps,
        likePhotoDecider,
        { photoId: '3001', userId: '2002', now },
        { actorId: '2002' },
      );
    const first = await like();
    const second = await like();
    expect(first.changed).toBe(true);
    expect(second).toMatchObject({ changed: false, position: null });
    const events = await deps.store.readStream('like-3001-2002');
    expect(events.map((e) => e.type)).toEqual(['Liked']);
    expect(events[0].data).toMatchObject({ photoOwnerId: '2001' });
  });

  it('a refused command writes nothing', async () => {
    await expect(
      runDecider(deps, likePhotoDecider, { photoId: '9999', userId: '2002', now }, {}),
    ).rejects.toMatchObject({
      code: 'photo_not_found',
    });
    expect(await deps.store.streamRevision('like-9999-2002')).toBe(-1n);
  });
});
