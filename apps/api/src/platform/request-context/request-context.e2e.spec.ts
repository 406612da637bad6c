import { setTimeout as sleep } from 'node:timers/promises';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { RequestContext } from './request-context';
import { Public } from '../../auth/public.decorator';

// Public to the real bearer guard; HeaderAuthGuard (if any) still names the user.
@Public()
@Controller('test-context')
class ContextTestController {
  /** What code deep in a handler sees, after body parsing and an await. */
  @Post()
  async current(@Body() _body: unknown) {
    await sleep(1);
    return { requestId: RequestContext.current()?.requestId ?? null };
  }
}

@Module({ controllers: [ContextTestController] })
class ContextTestModule {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids and RequestContext over HTTP', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await createTestApp({ imports: [ContextTestModule] });
  });

  afterAll(async () => {
    await api?.close();
  });

  const postJson = (headers: Record<string, string> = {}) =>
    fetch(`${api.url}/test-context`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ some: 'body' }),
    });

  it("echoes the client's x-request-id and hands it to the handler", async () => {
    const res = await postJson({ 'x-request-id': 'client-req_42.a' });
    expect(res.headers.get('x-request-id')).toBe('client-req_42.a');
    expect(await res.json()).toEqual({ requestId: 'client-req_42.a' });
  });

  it('generates one when the client sent none', async () => {
    const res = await postJson();
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await res.json()).toEqual({ requestId: id });
  });

  it.each([
    ['129 characters', 'a'.repeat(129)],
    ['a space', 'has space'],
    ['a semicolon', 'semi;colon'],
  ])('replaces a malformed x-request-id (%s)', async (_label, bad) => {
    const res = await postJson({ 'x-request-id': bad });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });

  it('keeps the context when the body arrives in pieces, after the request started', async () => {
    // Socket callbacks run in the connection's async context, not the request's.
    const res = await postInPieces(['{"some":', '"body"}'], 'application/json', 'slow-json-1');
    expect(await res.json()).toEqual({ requestId: 'slow-json-1' });
  });

  it('keeps the context when a multipart body arrives in pieces', async () => {
    const form = new Request('http://x', { method: 'POST', body: multipartForm(2048) });
    const bytes = Buffer.from(await form.arrayBuffer());
    const half = Math.floor(bytes.length / 2);
    const res = await postInPieces(
      [bytes.subarray(0, half), bytes.subarray(half)],
      form.headers.get('content-type')!,
      'slow-multipart-1',
    );
    expect(await res.json()).toEqual({ requestId: 'slow-multipart-1' });
  });

  function postInPieces(pieces: (string | Uint8Array)[], contentType: string, requestId: string) {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const piece of pieces) {
          controller.enqueue(typeof piece === 'string' ? encoder.encode(piece) : piece);
          await sleep(30);
        }
        controller.close();
      },
    });
    return fetch(`${api.url}/test-context`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-request-id': requestId },
      body,
      duplex: 'half',
    } as RequestInit);
  }

  function multipartForm(fileBytes: number): FormData {
    const form = new FormData();
    form.append('caption', 'hi');
    form.append('photo', new Blob([Buffer.alloc(fileBytes)]), 'p.png');
    return form;
  }

  it('keeps the context through a multipart body', async () => {
    const res = await fetch(`${api.url}/test-context`, {
      method: 'POST',
      headers: { 'x-request-id': 'multipart-1' },
      body: multipartForm(2048),
    });
    expect(await res.json()).toEqual({ requestId: 'multipart-1' });
  });

  it('puts the id on error answers too, header and body', async () => {
    const res = await fetch(`${api.url}/nowhere`, { headers: { 'x-request-id': 'lost-1' } });
    expect(res.headers.get('x-request-id')).toBe('lost-1');
    expect(await res.json()).toMatchObject({ requestId: 'lost-1' });
  });

  it('is undefined outside a request', () => {
    expect(RequestContext.current()).toBeUndefined();
  });
});
