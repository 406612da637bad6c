import { startReadsTestKit, type ReadsTestKit } from '../reads/testing/reads-test-kit';
import { createTestApp, type TestApp } from '../platform/testing/create-test-app';

const TOKEN = 'operator-token-for-tests-0123456789';
let kit: ReadsTestKit;

beforeAll(async () => {
  kit = await startReadsTestKit({ OPERATOR_TOKEN: TOKEN });
});
afterAll(async () => {
  await kit?.close();
});

const admin = (headers: Record<string, string> = {}) =>
  fetch(`${kit.api.url}/admin/projections`, { headers });

interface Report {
  head: { position: string } | null;
  versions: { view: string; active: number }[];
  projections: {
    name: string;
    version: number;
    role: string;
    operatorState: string;
    checkpoint: string;
    lagEvents: number;
    parked: number;
    lockHeld: boolean;
    database: string;
  }[];
}

it('shows every projection to an operator, as feedctl status does', async () => {
  const user = await kit.signUp();
  const position = await kit.write(user, 'POST', `/users/${(await kit.signUp()).userId}/follow`);
  // Once the views have the write, the report shows them at it.
  await kit.get(user, `/users/${user.userId}`, position);

  const res = await admin({ authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  const report = (await res.json()) as Report;
  expect(report.head?.position).toMatch(/^\d+-\d+$/);
  expect(report.versions.map((v) => [v.view, v.active])).toEqual([
    ['read-models', 1],
    ['home-feed', 1],
    ['activity', 1],
    ['photo-owners', 1],
  ]);
  expect(report.projections.map((p) => [p.name, p.database]).sort()).toEqual([
    ['activity', 'log'],
    ['home-feed', 'log'],
    ['photo-owners', 'log'],
    ['read-models-db0', 'shard0'],
    ['read-models-db1', 'shard1'],
  ]);
  for (const p of report.projections) {
    expect(p).toMatchObject({ version: 1, role: 'active', parked: 0, lockHeld: true });
    expect(['live', 'catching-up']).toContain(p.operatorState);
    expect(p.checkpoint).toMatch(/^\d+-\d+$/); // positions as text, as in every answer
  }
});

it('refuses without the operator token, or with a user token, as problem+json', async () => {
  const user = await kit.signUp();
  for (const headers of [{}, { authorization: 'Bearer nope' }, user.auth]) {
    const res = await admin(headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 401,
      detail: expect.stringContaining('operator token'),
    });
  }
});

describe('without OPERATOR_TOKEN', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await createTestApp();
  });
  afterAll(async () => {
    await closed?.close();
  });

  it('has no operator routes at all', async () => {
    const res = await fetch(`${closed.url}/admin/projections`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
