import { decodeId } from '@photofeed/ids';
import sharp from 'sharp';
import { signUp, type TestUser } from '../../accounts/testing/sign-up';
import { createTestApp, type TestApp } from '../../platform/testing/create-test-app';

/** The app with views of its own (readSide) and terse helpers for the read e2e suites. */
export interface ReadsTestKit {
  readonly api: TestApp;
  signUp(): Promise<TestUser>;
  /** A user whose id lands on physical shard database `db` (0 or 1). */
  signUpOn(db: number): Promise<TestUser>;
  /** Posts a small real JPEG; returns the photo id and the log position of the write. */
  post(user: TestUser, caption?: string): Promise<{ photoId: string; position: string }>;
  /** A write (POST/DELETE) that must succeed; returns its log position. */
  write(user: TestUser, method: 'POST' | 'DELETE', path: string): Promise<string>;
  get(user: TestUser | undefined, path: string, minPosition?: string): Promise<Response>;
  close(): Promise<void>;
}

let tinyJpeg: Promise<Buffer> | undefined;

export async function startReadsTestKit(env: Record<string, string> = {}): Promise<ReadsTestKit> {
  const api = await createTestApp({ readSide: true, env });
  const image = (tinyJpeg ??= sharp({
    create: { width: 200, height: 160, channels: 3, background: 'teal' },
  })
    .jpeg()
    .toBuffer());
  return {
    api,
    signUp: () => signUp(api.url),
    async signUpOn(db) {
      // Users land on a random shard of 8; shards 0-3 live on database 0, 4-7 on database 1.
      for (let i = 0; i < 64; i++) {
        const user = await signUp(api.url);
        if (Math.floor(decodeId(BigInt(user.userId)).shard / 4) === db) return user;
      }
      throw new Error(`no user landed on database ${db} in 64 tries`);
    },
    async post(user, caption = 'a photo') {
      const form = new FormData();
      form.append(
        'photo',
        new Blob([new Uint8Array(await image)], { type: 'image/jpeg' }),
        'p.jpg',
      );
      form.append('caption', caption);
      const res = await fetch(`${api.url}/photos`, {
        method: 'POST',
        headers: user.auth,
        body: form,
      });
      if (res.status !== 201) throw new Error(`post failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { photo: { id: string }; position: string };
      return { photoId: body.photo.id, position: body.position };
    },
    async write(user, method, path) {
      const res = await fetch(`${api.url}${path}`, { method, headers: user.auth });
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      const position = res.headers.get('x-log-position');
      if (!position) throw new Error(`${method} ${path} wrote nothing`);
      return position;
    },
    get(user, path, minPosition) {
      const sep = path.includes('?') ? '&' : '?';
      const url = `${api.url}${path}${minPosition ? `${sep}minPosition=${minPosition}` : ''}`;
      return fetch(url, { headers: user?.auth ?? {} });
    },
    close: () => api.close(),
  };
}
