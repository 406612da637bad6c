import { createHash, type Hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * What makes two requests "the same request" under one Idempotency-Key: method, URL (path and
 * query: the same key on another photo's URL is another request) and the body. A JSON body is
 * hashed in canonical form (keys sorted), so a client re-serializing it differently is not
 * mistaken for a different request.
 *
 * Multipart (uploads): the platform registers @fastify/multipart with `attachFieldsToBody`, so the
 * parts are already in memory; each part is hashed by field name, and for files by filename,
 * declared type and the sha256 of their bytes.
 */
export async function fingerprintRequest(request: FastifyRequest): Promise<string> {
  const hash = createHash('sha256').update(`${request.method}\n${request.url}\n`);
  if (isMultipart(request)) await hashMultipartBody(hash, request.body);
  else hash.update(canonicalJson(request.body));
  return hash.digest('base64url');
}

export function canonicalJson(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

function isMultipart(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
}

interface MultipartPart {
  type: 'file' | 'field';
  fieldname: string;
  filename?: string;
  mimetype?: string;
  value?: unknown;
  toBuffer?: () => Promise<Buffer>;
}

async function hashMultipartBody(hash: Hash, body: unknown): Promise<void> {
  const fields = (body ?? {}) as Record<string, MultipartPart | MultipartPart[]>;
  for (const name of Object.keys(fields).sort()) {
    const parts = ([] as MultipartPart[]).concat(fields[name]);
    for (const part of parts) {
      if (part.type === 'file' && part.toBuffer) {
        const bytes = createHash('sha256')
          .update(await part.toBuffer())
          .digest('hex');
        hash.update(`file:${name}:${part.filename}:${part.mimetype}:${bytes}\n`);
      } else {
        hash.update(`field:${name}:${JSON.stringify(part.value)}\n`);
      }
    }
  }
}
