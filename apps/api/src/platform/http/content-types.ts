import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiConfig } from '../../config';

/**
 * What request bodies the api accepts: JSON (Fastify's parser, with its protection against
 * prototype poisoning) and multipart uploads. Anything else is a 415. Fastify's text/plain parser
 * is removed, and Nest's body parsers (which add urlencoded forms) are off (createApp), so a form
 * or a text body is refused instead of reaching a DTO as something it is not.
 *
 * Multipart parts are read into memory before the handler (`attachFieldsToBody`): an upload is at
 * most one file of UPLOAD_MAX_BYTES, the image pipeline needs the whole file anyway, limits are
 * enforced while reading (413), and the Idempotency-Key fingerprint can hash the file's bytes.
 * In a handler: `const file = req.body.photo` (a MultipartFile; `await file.toBuffer()`), and
 * `req.body.caption.value` for a field.
 */
export async function registerContentTypes(
  app: NestFastifyApplication,
  config: ApiConfig,
): Promise<void> {
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: {
      fileSize: config.limits.uploadMaxBytes,
      files: 1,
      fields: 20,
      fieldSize: 16 * 1024,
      parts: 21,
      headerPairs: 200,
    },
  });
}
