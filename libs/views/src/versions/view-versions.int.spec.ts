import { createTestDatabase, type TestDatabase } from '@photofeed/testing';
import type { Pool } from 'pg';
import { ActiveViewVersions } from './active-versions';
import { FIRST_VERSIONS } from './view-names';
import { ViewVersionError, ViewVersionStore } from './view-version-store';

let db: TestDatabase;
let pool: Pool;
let store: ViewVersionStore;

beforeAll(async () => {
  db = await createTestDatabase('view_versions');
  pool = db.pool({ max: 4 });
  pool.on('error', () => undefined);
  store = new ViewVersionStore(pool);
});
afterAll(async () => {
  await db.drop();
});

it('starts at version 1 of every view, with nothing built or kept', async () => {
  expect(await store.activeSet()).toEqual(FIRST_VERSIONS);
  expect(await store.read('home-feed')).toEqual({
    view: 'home-feed',
    active: 1,
    building: null,
    retired: null,
    switchedAt: null,
  });
});

it('builds one version at a time: asking again resumes the same one', async () => {
  expect(await store.startBuilding('activity')).toBe(2);
  expect(await store.startBuilding('activity')).toBe(2);
  await expect(store.switchTo('activity', 3)).rejects.toThrow(ViewVersionError);
  expect(await store.switchTo('activity', 2)).toEqual({ previous: 1 });
  expect(await store.read('activity')).toMatchObject({ active: 2, building: null, retired: 1 });
});

it('keeps one spare version: the next switch waits until the retired one is dropped', async () => {
  expect(await store.startBuilding('activity')).toBe(3);
  await expect(store.switchTo('activity', 3)).rejects.toThrow('drop it first');
  await store.clearRetired('activity', 1);
  await store.switchTo('activity', 3);
  expect(await store.read('activity')).toMatchObject({ active: 3, retired: 2 });
  await store.clearRetired('activity', 2);
});

it('switches several views in one transaction, or none of them', async () => {
  await store.startBuilding('home-feed');
  await store.startBuilding('photo-owners');
  await expect(
    store.switchAll([
      { view: 'home-feed', version: 2 },
      { view: 'photo-owners', version: 9 },
    ]),
  ).rejects.toThrow(ViewVersionError);
  expect((await store.activeSet())['home-feed']).toBe(1);
  await store.switchAll([
    { view: 'home-feed', version: 2 },
    { view: 'photo-owners', version: 2 },
  ]);
  const set = await store.activeSet();
  expect([set['home-feed'], set['photo-owners']]).toEqual([2, 2]);
});

it('tells another process of a switch at once (LISTEN), before its poll would', async () => {
  const watcher = new ActiveViewVersions(pool, {
    listenConnectionString: db.url,
    pollMs: 60_000,
  });
  try {
    await watcher.start();
    const before = await watcher.ready();
    const changed = new Promise<typeof before>((resolve) => watcher.onChange(resolve));
    await store.startBuilding('read-models');
    await store.switchTo('read-models', before['read-models'] + 1);
    expect((await changed)['read-models']).toBe(before['read-models'] + 1);
    expect(watcher.current()['read-models']).toBe(before['read-models'] + 1);
  } finally {
    await watcher.close();
  }
});
