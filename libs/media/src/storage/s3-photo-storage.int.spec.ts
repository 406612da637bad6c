import { randomInt } from 'node:crypto';
import { HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { requireEnv } from '@photofeed/testing';
import { PhotoStorageError } from '../errors';
import { PHOTO_SIZES } from '../photo-sizes';
import { PhotoProcessor, type ProcessedPhoto } from '../processing/photo-processor';
import { rotatedPhoneJpeg } from '../testing/test-images';
import { photoObjectKeys } from './photo-object-keys';
import { createS3Client } from './s3-client';
import { S3PhotoStorage } from './s3-photo-storage';

// Against the real s3rver from scripts/services.sh. Each test uses a fresh photo id, so suites and
// reruns never see each other's objects.

function s3(): S3Client {
  return createS3Client({
    endpoint: requireEnv('S3_ENDPOINT'),
    region: requireEnv('S3_REGION'),
    accessKeyId: requireEnv('S3_ACCESS_KEY_ID'),
    secretAccessKey: requireEnv('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: true,
  });
}

let nextId = BigInt(Date.now()) * 1_000_000n + BigInt(randomInt(500_000));
const newPhotoId = () => String(nextId++);

/** The real client, except that the nth PutObject fails before it is sent. */
function clientFailingPut(n: number): S3Client {
  const client = s3();
  let puts = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand' && ++puts === n)
        throw new Error(`injected failure of PutObject #${n}`);
      return next(args);
    },
    { step: 'initialize', name: 'failNthPut' },
  );
  return client;
}

const bucket = requireEnv('S3_BUCKET');
const client = s3();
const storage = new S3PhotoStorage(client, bucket);
let photo: ProcessedPhoto;

async function storedKeys(photoId: string): Promise<string[]> {
  const listed = await client.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `photos/${photoId}/` }),
  );
  return (listed.Contents ?? []).map((o) => o.Key ?? '').sort();
}

beforeAll(async () => {
  // A phone photo with EXIF (copyright, GPS, orientation): nothing of it may reach the bucket.
  photo = await new PhotoProcessor().process(await rotatedPhoneJpeg(400, 300));
});

afterAll(() => client.destroy());

describe('S3PhotoStorage', () => {
  it('answers a ping', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
    await expect(new S3PhotoStorage(client, 'no-such-bucket').ping()).rejects.toThrow();
  });

  it('stores every size as an immutable JPEG, and reads each back intact without EXIF', async () => {
    const photoId = newPhotoId();
    const keys = await storage.putPhoto(photoId, photo);
    expect(keys).toEqual(photoObjectKeys(photoId));

    for (const size of PHOTO_SIZES) {
      const bytes = await storage.getObject(keys[size]);
      expect(bytes.equals(photo.images[size].data)).toBe(true);
      const meta = await sharp(bytes).metadata();
      expect([meta.width, meta.height]).toEqual([
        photo.images[size].width,
        photo.images[size].height,
      ]);
      expect(meta.exif).toBeUndefined();
      expect(bytes.toString('latin1')).not.toContain('secret-copyright');

      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: keys[size] }));
      expect(head.ContentType).toBe('image/jpeg');
      expect(head.CacheControl).toBe('public, max-age=31536000, immutable');
    }
    expect([photo.images.original.width, photo.images.original.height]).toEqual([300, 400]);
  });

  it('overwrites the same four objects when an upload is retried', async () => {
    const photoId = newPhotoId();
    await storage.putPhoto(photoId, photo);
    await storage.putPhoto(photoId, photo);
    expect(await storedKeys(photoId)).toEqual(Object.values(photoObjectKeys(photoId)).sort());
  });

  it('deletes every size, and deleting again is fine', async () => {
    const photoId = newPhotoId();
    const keys = await storage.putPhoto(photoId, photo);
    expect(await storage.exists(keys.small)).toBe(true);

    await storage.deletePhoto(photoId);
    for (const key of Object.values(keys)) expect(await storage.exists(key)).toBe(false);
    expect(await storedKeys(photoId)).toEqual([]);

    await expect(storage.deletePhoto(photoId)).resolves.toBeUndefined();
  });

  it('leaves nothing behind when one of the four uploads fails', async () => {
    const failing = clientFailingPut(3);
    const photoId = newPhotoId();

    const error = await new S3PhotoStorage(failing, bucket)
      .putPhoto(photoId, photo)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PhotoStorageError);
    expect(error).toMatchObject({ code: 'photo_storage_failed', photoId });
    expect((error as Error).cause).toEqual(new Error('injected failure of PutObject #3'));
    expect(await storedKeys(photoId)).toEqual([]);
    failing.destroy();
  });

  it('reports a missing bucket as PhotoStorageError', async () => {
    await expect(
      new S3PhotoStorage(client, 'no-such-bucket').putPhoto(newPhotoId(), photo),
    ).rejects.toMatchObject({ code: 'photo_storage_failed' });
  });
});
