import { requireEnv, testKeyPrefix } from '@photofeed/testing';
import type { Client } from 'memjs';
import { MemcachedProxy } from '../testing/memcached-proxy';
import { ReadModelHarness } from '../testing/read-model-harness';
import { Ids } from '../testing/write-side';
import { DocumentCache } from './document-cache';
import { documentKey, type PhotoDocument, type UserDocument } from './documents';
import { createMemcachedClient, MemcachedPipeline, OPCODES } from './memcached-pipeline';

const keyPrefix = testKeyPrefix('docs');
const ids = new Ids();
let h: ReadModelHarness;
let proxy: MemcachedProxy;
const clients: Client[] = [];
/** Straight to memcached: what the cache holds, without going through a DocumentCache. */
let raw: MemcachedPipeline;
/** The api's side: reads through the counting proxy. */
let reader: DocumentCache;
const used: string[] = [];

function client(servers: string): Client {
  const c = createMemcachedClient(servers);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  const memcached = requireEnv('MEMCACHED_SERVERS');
  h = await ReadModelHarness.create('read_docs');
  proxy = await MemcachedProxy.start(memcached.split(',')[0]);
  raw = new MemcachedPipeline(client(memcached));
  reader = new DocumentCache({ shards: h.router, memcached: client(proxy.address), keyPrefix });
  const writer = new DocumentCache({ shards: h.router, memcached: client(memcached), keyPrefix });
  await h.start({ cache: writer });
});

afterAll(async () => {
  await raw?.deleteMany(used);
  for (const c of clients) c.close();
  await proxy?.close();
  await h?.drop();
});

function key(kind: 'user' | 'photo', id: string): string {
  const k = documentKey(keyPrefix, kind, id);
  used.push(k);
  return k;
}

async function cached<D>(kind: 'user' | 'photo', id: string): Promise<D | null> {
  const value = (await raw.getMany([key(kind, id)])).get(key(kind, id));
  return value ? (JSON.parse(value.toString()) as D) : null;
}

/** The opcodes `work` sent through the proxy. */
async function sent(work: () => Promise<unknown>): Promise<number[]> {
  const before = proxy.opcodes.length;
  await work();
  return proxy.opcodes.slice(before);
}

const times = (n: number, opcode: number) => Array.from({ length: n }, () => opcode);

it('reads many ids with one multi-get, fills misses from the shards with add, then hits', async () => {
  const users = Array.from({ length: 12 }, (_, i) => ids.on(i % 8));
  for (const u of users) await h.writes.register(u);
  await h.waitFor(await h.writes.follow(users[0], users[1]));
  await raw.deleteMany(users.map((u) => key('user', u))); // as if evicted
  const unknown = ids.on(3);
  const wanted = [...users, unknown].map(BigInt);

  let first = new Map<string, UserDocument>();
  expect(await sent(async () => (first = await reader.getUsers(wanted)))).toEqual([
    ...times(13, OPCODES.GETKQ),
    OPCODES.NOOP,
    ...times(12, OPCODES.ADDQ),
    OPCODES.NOOP,
  ]);
  expect([...first.keys()].sort()).toEqual([...users].sort());
  expect(first.get(users[1])).toEqual(
    expect.objectContaining({ id: users[1], followerCount: 1, photoCount: 0 }),
  );

  // Changed behind the projection's back: only a read served by memcached still sees the old name.
  const { pool, schema } = h.router.forId(BigInt(users[1]));
  await pool.query(`UPDATE ${schema}.users SET display_name = 'behind the cache'`);
  let second = new Map<string, UserDocument>();
  expect(await sent(async () => (second = await reader.getUsers(wanted)))).toEqual([
    ...times(13, OPCODES.GETKQ),
    OPCODES.NOOP,
  ]);
  expect(second).toEqual(first);
});

it('asks nothing for no ids, and leaves out ids that have no row', async () => {
  expect(await sent(async () => expect((await reader.getPhotos([])).size).toBe(0))).toEqual([]);
  expect((await reader.getPhotos([BigInt(ids.on(5))])).size).toBe(0);
});

it('takes a value that is not the document asked for as a miss', async () => {
  const [user, other] = [ids.on(3), ids.on(3)];
  await h.writes.register(other);
  await h.waitFor(await h.writes.register(user, 'Real.Name'));
  await raw.setMany([{ key: key('user', user), value: '{not json' }], 60);
  expect((await reader.getUsers([BigInt(user)])).get(user)?.username).toBe('Real.Name');
  const otherDoc = (await raw.getMany([key('user', other)])).get(key('user', other))!.toString();
  await raw.setMany([{ key: key('user', user), value: otherDoc }], 60);
  expect((await reader.getUsers([BigInt(user)])).get(user)?.username).toBe('Real.Name');
});

it('shows a like count change through memcached: the projection writes it through', async () => {
  const [owner, fan, photo] = [ids.on(4), ids.on(1), ids.on(4)];
  await h.writes.register(owner);
  await h.writes.register(fan);
  await h.waitFor(await h.writes.post(photo, owner));
  expect((await reader.getPhotos([BigInt(photo)])).get(photo)?.likeCount).toBe(0);

  await h.waitFor(await h.writes.like(photo, fan, owner));
  expect((await cached<PhotoDocument>('photo', photo))?.likeCount).toBe(1);
  expect((await reader.getPhotos([BigInt(photo)])).get(photo)?.likeCount).toBe(1);
});

it("drops a deleted photo from the cache and refreshes its owner's count", async () => {
  const [owner, photo, kept] = [ids.on(2), ids.on(2), ids.on(2)];
  await h.writes.register(owner);
  await h.writes.post(kept, owner);
  await h.waitFor(await h.writes.post(photo, owner));
  expect((await reader.getPhotos([BigInt(photo)])).has(photo)).toBe(true);
  expect((await cached<UserDocument>('user', owner))?.photoCount).toBe(2);

  await h.waitFor(await h.writes.deletePhoto(photo, owner));
  expect(await cached('photo', photo)).toBeNull();
  expect((await reader.getPhotos([BigInt(photo), BigInt(kept)])).has(photo)).toBe(false);
  expect((await cached<UserDocument>('user', owner))?.photoCount).toBe(1);
});

it('keeps the fresh value when a reader that read before a like fills after it', async () => {
  const [owner, fan, photo] = [ids.on(7), ids.on(0), ids.on(7)];
  await h.writes.register(owner);
  await h.writes.register(fan);
  await h.waitFor(await h.writes.post(photo, owner));
  await raw.deleteMany([key('photo', photo)]); // a miss for the reader

  // The reader misses, reads likeCount 0 from the shard, and is held just before its add.
  // Held from its first write after the multi-get (an add; were it a set, the test would show it).
  const held = proxy.holdFrom((op) => op !== OPCODES.GETKQ && op !== OPCODES.NOOP);
  const reading = reader.getPhotos([BigInt(photo)]);
  await held;
  await h.waitFor(await h.writes.like(photo, fan, owner)); // written through: likeCount 1
  proxy.release();

  expect((await reading).get(photo)?.likeCount).toBe(0); // what it read, fine for this request
  expect((await cached<PhotoDocument>('photo', photo))?.likeCount).toBe(1); // not overwritten
  expect((await reader.getPhotos([BigInt(photo)])).get(photo)?.likeCount).toBe(1);
});

it('reads from the shards when memcached is down, and says so once', async () => {
  const user = ids.on(6);
  await h.waitFor(await h.writes.register(user, 'Offline.User'));
  const warnings: string[] = [];
  const offline = new DocumentCache({
    shards: h.router,
    memcached: client('127.0.0.1:1'),
    keyPrefix,
    logger: { warn: (m) => warnings.push(m) },
  });
  for (let i = 0; i < 3; i++)
    expect((await offline.getUsers([BigInt(user)])).get(user)?.username).toBe('Offline.User');
  expect(warnings).toEqual([expect.stringMatching(/memcached unavailable/)]);
});
