import { PostgresEventStore } from '@photofeed/event-store';
import { decodeId } from '@photofeed/ids';
import { PHOTO_SIZES, photoObjectKeys, SQUARE_SIDES } from '@photofeed/media';
import sharp from 'sharp';
import { freshClientIp, signUp, type TestUser } from '../accounts/testing/sign-up';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';
import { gif, jpegWithExif, pngBomb } from './testing/test-images';
import { UploadTraces } from './testing/upload-traces';

const PROBLEMS = 'https://photofeed.dev/problems/';

// The upload route has its own per-IP budget (60/min) and suites share Redis: each run of this
// suite uploads from an address of its own (X-Forwarded-For, trusted by test apps), so reruns never
// meet it.
const clientIp = freshClientIp();

/** Response bodies as the tests read them (fetch types them unknown). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();

interface Upload {
  photo?: Buffer;
  filename?: string;
  type?: string;
  fields?: Record<string, string>;
}

function uploadForm({ photo, filename = 'photo.jpg', type = 'image/jpeg', fields = {} }: Upload) {
  const form = new FormData();
  if (photo) form.append('photo', new Blob([new Uint8Array(photo)], { type }), filename);
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

function postPhoto(
  api: TestApp,
  body: FormData | string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${api.url}/photos`, {
    method: 'POST',
    headers: { 'x-forwarded-for': clientIp, ...headers },
    body,
  });
}

function deletePhoto(api: TestApp, photoId: string, user: TestUser): Promise<Response> {
  return fetch(`${api.url}/photos/${photoId}`, {
    method: 'DELETE',
    headers: { 'x-forwarded-for': clientIp, ...user.auth },
  });
}

/** Sends a request that must be refused, and proves it left no event and no object behind. */
async function expectRefusedWithoutTrace(
  traces: UploadTraces,
  send: () => Promise<Response>,
  status: number,
  type: string,
) {
  const before = await traces.snapshot();
  const res = await send();
  const problem = await json(res);
  expect({ status: res.status, type: problem.type }).toEqual({ status, type: PROBLEMS + type });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const after = await traces.since(before);
  expect({ events: after.events, objects: after.objects }).toEqual({ events: 0, objects: [] });
  return { problem, issuedIds: after.ids };
}

describe('photos', () => {
  let api: TestApp;
  let log: PostgresEventStore;
  let traces: UploadTraces;
  let jpeg: Buffer;

  beforeAll(async () => {
    [api, jpeg] = await Promise.all([createTestApp(), jpegWithExif(800, 600)]);
    log = new PostgresEventStore({ connectionString: api.config.databaseUrl, maxConnections: 2 });
    traces = new UploadTraces(api.config);
  });
  afterAll(async () => {
    await traces?.close();
    await log?.close();
    await api?.close();
  });

  describe('POST /photos', () => {
    it('stores a real JPEG re-encoded in every size without EXIF, and records PhotoPosted', async () => {
      const user = await signUp(api.url);
      const res = await postPhoto(
        api,
        uploadForm({
          photo: jpeg,
          fields: { caption: 'Sunset ☀️', lat: '38.7223', lng: '-9.1393', placeName: ' Lisbon ' },
        }),
        user.auth,
      );
      expect(res.status).toBe(201);
      const body = await json(res);
      const { photo } = body;
      expect(photo).toMatchObject({
        ownerId: user.userId,
        caption: 'Sunset ☀️',
        location: { lat: 38.7223, lng: -9.1393, placeName: 'Lisbon' },
        width: 800,
        height: 600,
      });
      expect(body.position).toMatch(/^\d+-\d+$/);
      expect(res.headers.get('x-log-position')).toBe(body.position);
      // The photo lives on its owner's shard: its id says so without a lookup.
      expect(decodeId(BigInt(photo.id)).shard).toBe(decodeId(BigInt(user.userId)).shard);

      const [posted] = await log.readStream(`photo-${photo.id}`);
      expect(posted).toMatchObject({
        type: 'PhotoPosted',
        data: {
          photoId: photo.id,
          ownerId: user.userId,
          objects: photoObjectKeys(photo.id),
          postedAt: photo.postedAt,
        },
        metadata: { actorId: user.userId, correlationId: res.headers.get('x-request-id') },
      });

      for (const size of PHOTO_SIZES) {
        const url = photo.urls[size];
        expect(url).toBe(`${api.config.cdnBaseUrl}/${photoObjectKeys(photo.id)[size]}`);
        const bytes = await traces.storage.getObject(photoObjectKeys(photo.id)[size]);
        const meta = await sharp(bytes).metadata();
        const side = size === 'original' ? undefined : SQUARE_SIDES[size];
        expect([size, meta.format, meta.width, meta.height]).toEqual([
          size,
          'jpeg',
          side ?? 800,
          side ?? 600,
        ]);
        expect(meta.exif).toBeUndefined();
        expect(bytes.toString('latin1')).not.toContain('secret-copyright');
      }
      // Re-encoded, not the uploaded bytes passed through.
      const original = await traces.storage.getObject(photoObjectKeys(photo.id).original);
      expect(original.equals(jpeg)).toBe(false);
      // And the URL a client gets really serves the image.
      const served = await fetch(photo.urls.small);
      expect(served.status).toBe(200);
      expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(150);
    });

    it('answers a photo without caption or location with both empty', async () => {
      const user = await signUp(api.url);
      const res = await postPhoto(api, uploadForm({ photo: jpeg }), user.auth);
      expect(res.status).toBe(201);
      expect((await json(res)).photo).toMatchObject({ caption: '', location: null });
    });

    describe('refuses, leaving nothing in the log or the bucket', () => {
      let user: TestUser;
      beforeAll(async () => {
        user = await signUp(api.url);
      });
      const send = (upload: Upload) => () => postPhoto(api, uploadForm(upload), user.auth);

      it('a decompression bomb (a ~60-byte PNG claiming 30000×30000): 422', async () => {
        const bomb = pngBomb(30_000, 30_000);
        expect(bomb.length).toBeLessThan(100);
        const { problem } = await expectRefusedWithoutTrace(
          traces,
          send({ photo: bomb, filename: 'bomb.png', type: 'image/png' }),
          422,
          'image-too-large',
        );
        expect(problem.code).toBe('image_too_large');
      });

      it('a GIF, even declared as a JPEG: 415', async () => {
        const image = await gif(200, 200);
        await expectRefusedWithoutTrace(traces, send({ photo: image }), 415, 'unsupported-image');
      });

      it('a text file: 415', async () => {
        const text = Buffer.from('not an image at all\n');
        await expectRefusedWithoutTrace(
          traces,
          send({ photo: text, filename: 'notes.txt', type: 'text/plain' }),
          415,
          'unsupported-image',
        );
      });

      it('an image smaller than the smallest size: 422', async () => {
        const tiny = await jpegWithExif(100, 100);
        await expectRefusedWithoutTrace(traces, send({ photo: tiny }), 422, 'image-too-small');
      });

      it('JSON instead of multipart: 415', async () => {
        await expectRefusedWithoutTrace(
          traces,
          () =>
            postPhoto(api, JSON.stringify({ caption: 'x' }), {
              ...user.auth,
              'content-type': 'application/json',
            }),
          415,
          'unsupported-media-type',
        );
      });

      it('a caption over 2200 characters: 422, decided before anything is uploaded', async () => {
        const { problem, issuedIds } = await expectRefusedWithoutTrace(
          traces,
          send({ photo: jpeg, fields: { caption: 'a'.repeat(2201) } }),
          422,
          'invalid-caption',
        );
        expect(problem.code).toBe('invalid_caption');
        // The id was allocated (the refusal came after processing), and nothing was stored under it.
        expect(issuedIds).toHaveLength(1);
      });

      it('a latitude out of range: 422', async () => {
        await expectRefusedWithoutTrace(
          traces,
          send({ photo: jpeg, fields: { lat: '91', lng: '0' } }),
          422,
          'invalid-location',
        );
      });

      it.each([
        ['lat without lng', { lat: '10' }, 'lng'],
        ['lat that is not a number', { lat: 'north', lng: '3' }, 'lat'],
        ['a place name without coordinates', { placeName: 'Porto' }, 'placeName'],
        ['an unknown field', { tags: 'x' }, 'tags'],
      ])('%s: 400', async (_, fields, field) => {
        const { problem } = await expectRefusedWithoutTrace(
          traces,
          send({ photo: jpeg, fields }),
          400,
          'validation',
        );
        expect(problem.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      });

      it('no photo: 400', async () => {
        await expectRefusedWithoutTrace(
          traces,
          send({ fields: { caption: 'x' } }),
          400,
          'validation',
        );
      });

      it('no token: 401', async () => {
        await expectRefusedWithoutTrace(
          traces,
          () => postPhoto(api, uploadForm({ photo: jpeg })),
          401,
          'unauthorized',
        );
      });

      it('a forged token: 401', async () => {
        const [header, , signature] = user.accessToken.split('.');
        const claims = { sub: user.userId, username: 'mallory', sid: 'x' };
        const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
        await expectRefusedWithoutTrace(
          traces,
          () =>
            postPhoto(api, uploadForm({ photo: jpeg }), {
              authorization: `Bearer ${header}.${payload}.${signature}`,
            }),
          401,
          'unauthorized',
        );
      });
    });
  });

  it('documents both routes in OpenAPI: the upload as multipart, each with its problems', async () => {
    const doc = await json(await fetch(`${api.url}/openapi.json`));
    const upload = doc.paths['/photos'].post;
    const form = upload.requestBody.content['multipart/form-data'].schema;
    expect(form.required).toEqual(['photo']);
    expect(form.properties.photo).toMatchObject({ type: 'string', format: 'binary' });
    expect(Object.keys(upload.responses)).toEqual(
      expect.arrayContaining(['201', '401', '413', '415', '422', '503']),
    );
    expect(upload.security).toEqual([{ bearer: [] }]);
    const remove = doc.paths['/photos/{photoId}'].delete;
    expect(Object.keys(remove.responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '404']),
    );
    expect(doc.components.schemas.PostPhotoResponse.properties.photo).toBeDefined();
  });

  describe('DELETE /photos/:photoId', () => {
    let owner: TestUser;
    let photoId: string;
    beforeAll(async () => {
      owner = await signUp(api.url);
      const res = await postPhoto(api, uploadForm({ photo: jpeg }), owner.auth);
      photoId = (await json(res)).photo.id;
    });
    const objectsOf = (id: string) => traces.keysUnder(`photos/${id}/`);

    it("refuses another user's delete with 403, writing nothing and keeping the objects", async () => {
      const stranger = await signUp(api.url);
      const { problem } = await expectRefusedWithoutTrace(
        traces,
        () => deletePhoto(api, photoId, stranger),
        403,
        'not-photo-owner',
      );
      expect(problem.code).toBe('not_photo_owner');
      expect(await objectsOf(photoId)).toHaveLength(4);
    });

    it('lets the owner delete: PhotoDeleted appended, objects gone; again changes nothing', async () => {
      const res = await deletePhoto(api, photoId, owner);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toEqual({ changed: true, position: expect.stringMatching(/^\d+-\d+$/) });
      expect(res.headers.get('x-log-position')).toBe(body.position);
      const events = await log.readStream(`photo-${photoId}`);
      expect(events.map((e) => e.type)).toEqual(['PhotoPosted', 'PhotoDeleted']);
      expect(events[1].metadata).toMatchObject({
        actorId: owner.userId,
        correlationId: res.headers.get('x-request-id'),
      });
      expect(await objectsOf(photoId)).toEqual([]);

      const before = await traces.snapshot();
      const again = await deletePhoto(api, photoId, owner);
      expect(again.status).toBe(200);
      expect(await json(again)).toEqual({ changed: false, position: null });
      expect(again.headers.get('x-log-position')).toBeNull();
      expect((await traces.since(before)).events).toBe(0);
    });

    it('answers an unknown id with 404 and a malformed one with 400', async () => {
      await expectRefusedWithoutTrace(
        traces,
        () => deletePhoto(api, '123456789012345', owner),
        404,
        'photo-not-found',
      );
      for (const junk of ['abc', '007', '-1', '1e5', '99999999999999999999']) {
        await expectRefusedWithoutTrace(
          traces,
          () => deletePhoto(api, junk, owner),
          400,
          'validation',
        );
      }
    });
  });
});

describe('photos with a small upload limit', () => {
  let api: TestApp;
  let traces: UploadTraces;
  beforeAll(async () => {
    api = await createTestApp({ env: { UPLOAD_MAX_BYTES: '4096' } });
    traces = new UploadTraces(api.config);
  });
  afterAll(async () => {
    await traces?.close();
    await api?.close();
  });

  it('refuses a file over the limit with 413', async () => {
    const user = await signUp(api.url);
    const big = await sharp({
      create: {
        width: 400,
        height: 400,
        channels: 3,
        background: 'black',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg()
      .toBuffer();
    expect(big.length).toBeGreaterThan(4096);
    await expectRefusedWithoutTrace(
      traces,
      () => postPhoto(api, uploadForm({ photo: big }), user.auth),
      413,
      'payload-too-large',
    );
  });
});

describe('photos when S3 fails', () => {
  let api: TestApp;
  let traces: UploadTraces;
  beforeAll(async () => {
    api = await createTestApp({ env: { S3_BUCKET: 'no-such-bucket' } });
    // Watch the real bucket: nothing may land there either.
    traces = new UploadTraces({
      ...api.config,
      s3: { ...api.config.s3, bucket: process.env.S3_BUCKET! },
    });
  });
  afterAll(async () => {
    await traces?.close();
    await api?.close();
  });

  it('answers 503 and writes no event', async () => {
    const user = await signUp(api.url);
    const { problem, issuedIds } = await expectRefusedWithoutTrace(
      traces,
      async () => postPhoto(api, uploadForm({ photo: await jpegWithExif(300, 300) }), user.auth),
      503,
      'photo-storage-failed',
    );
    expect(problem.detail).not.toContain('no-such-bucket');
    expect(issuedIds).toHaveLength(1);
  });
});
