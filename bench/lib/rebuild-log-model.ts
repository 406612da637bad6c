/**
 * A young Instagram-like network, simulated for the rebuild bench: what its write side would have
 * appended over ~100 days. Every append is decided by the domain's own deciders (registerUser,
 * postPhoto, likePhoto, ...) on the state the simulation keeps, grouped into streams with
 * `toStreamWrites` and given the executor's metadata, so stream ids, types, data, expected
 * revisions and metadata are exactly what the api would write. One append is one transaction.
 *
 * Shape (for --events 1,000,000: ~20k users):
 * - users register over the first 90 days (a seed community on day one); each registration is the
 *   api's two appends (user + username + credentials, then the session), and most first launches
 *   register a device;
 * - popularity is heavy-tailed (Pareto, alpha 1.15): 70% of follows pick a followee by it, 30% are
 *   friends (uniform), so a few users have thousands of followers (above the bench's celebrity
 *   threshold) and most have a handful;
 * - activity is log-normal: some users like, follow and post far more than others; posting also
 *   grows a little with popularity;
 * - likes are most events: 65% of them go to photos of someone the liker follows, the rest to
 *   popular authors, mostly to their newest photos; a few are taken back; few photos are deleted.
 */
import {
  deletePhoto,
  followUser,
  likePhoto,
  postPhoto,
  registerDevice,
  registerUser,
  startSession,
  toStreamWrites,
  unfollowUser,
  unlikePhoto,
  updateProfile,
  type PhotoFeedEvent,
  type UserState,
} from '@photofeed/domain';
import { photoObjectKeys } from '@photofeed/media';
import { shardOfId, SimulatedIds } from './rebuild-log-ids';
import { LogRandom, PrefixSampler, swapRemove } from './rebuild-log-random';
import * as text from './rebuild-log-text';

export interface SocialLogParams {
  /** Stop once at least this many events were produced. */
  events: number;
  /** Users are spread over logical shards 0..shards-1 (the api's SHARD_COUNT). */
  shards: number;
  seed: number;
}

/** One request of an append: a stream, the revision the handler read, its events. */
export interface LogRequest {
  streamId: string;
  expectedRevision: 'noStream' | bigint;
  events: { id: string; type: string; data: unknown; metadata: Record<string, string> }[];
}

/** One append_events call, one transaction (as one command of the write side). */
export type LogAppend = LogRequest[];

interface SimUser {
  index: number;
  /** Allocated at registration, on the simulation's clock. */
  id: string;
  shard: number;
  registeredAt: number;
  fame: number;
  activity: number;
  /** Last revision of user-<id> (UserRegistered is 0). */
  revision: number;
  state: Extract<UserState, { status: 'registered' }>;
  /** Live photos, oldest first. */
  photos: string[];
  following: number[];
  likes: { photoId: string; ownerId: string }[];
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 10);
const SPAN = 100 * DAY;
const USERS_PER_EVENT = 1 / 50;
/** Events per registration: 3 + the session + a device 60% of the time. */
const REGISTRATION_EVENTS = 4.6;
const ACTIONS: readonly [number, (m: SocialLogModel, t: number) => LogAppend | null][] = [
  [0.6, (m, t) => m.like(t)],
  [0.25, (m, t) => m.follow(t)],
  [0.1, (m, t) => m.post(t)],
  [0.024, (m, t) => m.unlike(t)],
  [0.012, (m, t) => m.unfollow(t)],
  [0.01, (m, t) => m.updateProfile(t)],
  [0.004, (m, t) => m.deletePhoto(t)],
];

export class SocialLogModel {
  readonly counts = new Map<string, number>();
  private readonly random: LogRandom;
  private readonly ids: SimulatedIds;
  private readonly users: SimUser[];
  private readonly fame: PrefixSampler;
  private readonly activity: PrefixSampler;
  private readonly posting: PrefixSampler;
  private readonly likeStreams = new Map<string, { revision: number; liked: boolean }>();
  private readonly followStreams = new Map<string, { revision: number; following: boolean }>();
  private registered = 0;
  private produced = 0;
  private readonly dt: number;

  constructor(private readonly params: SocialLogParams) {
    this.random = new LogRandom(params.seed);
    this.ids = new SimulatedIds(params.shards);
    const count = Math.max(50, Math.round(params.events * USERS_PER_EVENT));
    this.users = Array.from({ length: count }, (_, i) => this.newUser(i, count));
    this.fame = new PrefixSampler(this.users.map((u) => u.fame));
    this.activity = new PrefixSampler(this.users.map((u) => u.activity));
    this.posting = new PrefixSampler(this.users.map((u) => u.activity * u.fame ** 0.25));
    const actions = Math.max(1, params.events - count * REGISTRATION_EVENTS);
    this.dt = SPAN / actions;
  }

  get events(): number {
    return this.produced;
  }

  /** Appends in log order until at least `params.events` events. */
  *appends(): Generator<LogAppend> {
    let t = START;
    while (this.produced < this.params.events) {
      t += this.dt;
      while (this.registered < this.users.length && this.users[this.registered].registeredAt <= t)
        yield* this.register(this.users[this.registered++]);
      if (this.produced >= this.params.events) return;
      const action = this.chooseAction();
      const append = action(this, t);
      if (append) yield this.count(append);
    }
  }

  /**
   * The users who read their feed lately: `share` of those registered, drawn by activity
   * (weighted sampling without replacement, Efraimidis-Spirakis), so busy users are likelier.
   */
  activeReaders(share: number): string[] {
    const keyed = this.users
      .slice(0, this.registered)
      .map((u) => ({ id: u.id, key: this.random.float() ** (1 / u.activity) }));
    keyed.sort((a, b) => b.key - a.key);
    return keyed.slice(0, Math.round(share * keyed.length)).map((u) => u.id);
  }

  /** Followers per user, most first (for the log's summary). */
  followerCounts(): number[] {
    const followers = new Array<number>(this.users.length).fill(0);
    for (const u of this.users) for (const f of u.following) followers[f]++;
    return followers.sort((a, b) => b - a);
  }

  get userCount(): number {
    return this.registered;
  }

  private newUser(index: number, count: number): SimUser {
    const r = this.random;
    const seedUsers = Math.ceil(count * 0.02);
    const registeredAt =
      index < seedUsers
        ? START + index * 1000
        : START + ((index - seedUsers) / (count - seedUsers)) * SPAN * 0.9;
    const state = {
      status: 'registered' as const,
      userId: '',
      username: text.username(r, index),
      displayName: text.displayName(r),
      bio: '',
      devices: {},
    };
    return {
      index,
      id: '',
      shard: r.int(this.params.shards),
      registeredAt,
      fame: r.pareto(1.15),
      activity: r.logNormal(1),
      revision: -1,
      state,
      photos: [],
      following: [],
      likes: [],
    };
  }

  private chooseAction(): (m: SocialLogModel, t: number) => LogAppend | null {
    let r = this.random.float();
    for (const [p, action] of ACTIONS) {
      if (r < p) return action;
      r -= p;
    }
    return ACTIONS[0][1];
  }

  private count(append: LogAppend): LogAppend {
    for (const request of append)
      for (const e of request.events) {
        this.counts.set(e.type, (this.counts.get(e.type) ?? 0) + 1);
        this.produced++;
      }
    return append;
  }

  /** The write side's append: the decision's events by stream, each with an id and the metadata. */
  private append(
    at: number,
    actorId: string,
    events: readonly PhotoFeedEvent[],
    revisions: [string, number][],
  ): LogAppend {
    const read = new Map(revisions.map(([stream, rev]) => [stream, BigInt(rev)]));
    const metadata = { correlationId: this.random.uuid4(), actorId };
    return toStreamWrites(events, read).map((w) => ({
      streamId: w.streamId,
      expectedRevision: w.expectedRevision,
      events: w.events.map((e) => ({
        id: this.random.uuid7(at),
        type: e.type,
        data: e.data,
        metadata,
      })),
    }));
  }

  private *register(user: SimUser): Generator<LogAppend> {
    const r = this.random;
    const now = new Date(user.registeredAt);
    user.id = this.ids.next(user.shard, user.registeredAt);
    user.state = { ...user.state, userId: user.id };
    const { userId, username, displayName } = user.state;
    const passwordHash = text.passwordHash(r);
    const registered = registerUser(
      { userId, username, displayName, passwordHash, now },
      { username: { status: 'free' } },
    ).events;
    const lower = username.toLowerCase();
    user.revision = 0;
    const read: [string, number][] = [
      [`user-${userId}`, -1],
      [`username-${lower}`, -1],
      [`credentials-${userId}`, -1],
    ];
    yield this.count(this.append(user.registeredAt, userId, registered, read));
    const sessionId = r.uuid4();
    const session = startSession(
      {
        sessionId,
        userId,
        refreshTokenHash: r.hex(32),
        expiresAt: new Date(user.registeredAt + 30 * DAY),
        now,
      },
      { credentials: { status: 'set', userId, passwordHash }, session: { status: 'none' } },
    ).events;
    yield this.count(
      this.append(user.registeredAt, userId, session, [
        [`credentials-${userId}`, 0],
        [`session-${sessionId}`, -1],
      ]),
    );
    if (r.chance(0.6)) {
      const deviceId = this.ids.next(shardOfId(userId), user.registeredAt + 1);
      const device = registerDevice(
        {
          userId,
          deviceId,
          token: r.hex(32),
          environment: r.chance(0.97) ? 'production' : 'sandbox',
        },
        user.state,
      ).events;
      yield this.count(
        this.append(user.registeredAt + 1, userId, device, [[`user-${userId}`, user.revision++]]),
      );
    }
  }

  private actor(weights: PrefixSampler): SimUser {
    return this.users[weights.sample(this.random, this.registered)];
  }

  like(t: number): LogAppend | null {
    const actor = this.actor(this.activity);
    for (let attempt = 0; attempt < 4; attempt++) {
      const author =
        actor.following.length > 0 && this.random.chance(0.65)
          ? this.users[this.random.pick(actor.following)]
          : this.actor(this.fame);
      if (author.photos.length === 0) continue;
      const back = Math.min(author.photos.length - 1, this.random.geometric(0.8));
      const photoId = author.photos[author.photos.length - 1 - back];
      const streamId = `like-${photoId}-${actor.id}`;
      const stream = this.likeStreams.get(streamId) ?? { revision: -1, liked: false };
      if (stream.liked) continue;
      const events = likePhoto(
        { photoId, userId: actor.id, now: new Date(t) },
        { photo: { status: 'posted', photoId, ownerId: author.id }, like: { liked: false } },
      ).events;
      this.likeStreams.set(streamId, { revision: stream.revision + 1, liked: true });
      actor.likes.push({ photoId, ownerId: author.id });
      return this.append(t, actor.id, events, [
        [`photo-${photoId}`, 0],
        [streamId, stream.revision],
      ]);
    }
    return null;
  }

  unlike(t: number): LogAppend | null {
    const actor = this.actor(this.activity);
    if (actor.likes.length === 0) return null;
    const { photoId, ownerId } = swapRemove(actor.likes, this.random.int(actor.likes.length));
    const streamId = `like-${photoId}-${actor.id}`;
    const stream = this.likeStreams.get(streamId)!;
    const events = unlikePhoto(
      { photoId, userId: actor.id },
      { liked: true, photoOwnerId: ownerId },
    ).events;
    this.likeStreams.set(streamId, { revision: stream.revision + 1, liked: false });
    return this.append(t, actor.id, events, [[streamId, stream.revision]]);
  }

  follow(t: number): LogAppend | null {
    const actor = this.actor(this.activity);
    for (let attempt = 0; attempt < 4; attempt++) {
      const followee = this.random.chance(0.7)
        ? this.actor(this.fame)
        : this.users[this.random.int(this.registered)];
      if (followee === actor) continue;
      const streamId = `follow-${actor.id}-${followee.id}`;
      const stream = this.followStreams.get(streamId) ?? { revision: -1, following: false };
      if (stream.following) continue;
      const events = followUser(
        { followerId: actor.id, followeeId: followee.id, now: new Date(t) },
        { followee: followee.state, follow: { following: false } },
      ).events;
      this.followStreams.set(streamId, { revision: stream.revision + 1, following: true });
      actor.following.push(followee.index);
      return this.append(t, actor.id, events, [
        [`user-${followee.id}`, followee.revision],
        [streamId, stream.revision],
      ]);
    }
    return null;
  }

  unfollow(t: number): LogAppend | null {
    const actor = this.actor(this.activity);
    if (actor.following.length === 0) return null;
    const followee =
      this.users[swapRemove(actor.following, this.random.int(actor.following.length))];
    const streamId = `follow-${actor.id}-${followee.id}`;
    const stream = this.followStreams.get(streamId)!;
    const events = unfollowUser(
      { followerId: actor.id, followeeId: followee.id },
      { following: true },
    ).events;
    this.followStreams.set(streamId, { revision: stream.revision + 1, following: false });
    return this.append(t, actor.id, events, [[streamId, stream.revision]]);
  }

  post(t: number): LogAppend {
    const r = this.random;
    const owner = this.actor(this.posting);
    const photoId = this.ids.next(shardOfId(owner.id), t);
    const events = postPhoto(
      {
        photoId,
        ownerId: owner.id,
        caption: text.caption(r),
        ...(r.chance(0.3) && { location: text.location(r) }),
        objects: photoObjectKeys(photoId),
        ...text.size(r),
        now: new Date(t),
      },
      { status: 'none' },
    ).events;
    owner.photos.push(photoId);
    return this.append(t, owner.id, events, [[`photo-${photoId}`, -1]]);
  }

  deletePhoto(t: number): LogAppend | null {
    const owner = this.actor(this.activity);
    if (owner.photos.length === 0) return null;
    const [photoId] = owner.photos.splice(this.random.int(owner.photos.length), 1);
    const events = deletePhoto(
      { photoId, userId: owner.id, now: new Date(t) },
      { status: 'posted', photoId, ownerId: owner.id },
    ).events;
    return this.append(t, owner.id, events, [[`photo-${photoId}`, 0]]);
  }

  updateProfile(t: number): LogAppend | null {
    const r = this.random;
    const user = this.actor(this.activity);
    const change = r.chance(0.3)
      ? { displayName: text.displayName(r), bio: text.bio(r) }
      : { bio: text.bio(r) };
    const events = updateProfile({ userId: user.id, ...change }, user.state).events;
    if (events.length === 0) return null;
    const data = events[0].data;
    user.state = {
      ...user.state,
      displayName: data.displayName ?? user.state.displayName,
      bio: data.bio ?? user.state.bio,
    };
    return this.append(t, user.id, events, [[`user-${user.id}`, user.revision++]]);
  }
}
