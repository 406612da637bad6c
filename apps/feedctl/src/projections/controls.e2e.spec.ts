import {
  startReadsTestKit,
  type ReadsTestKit,
} from '../../../api/src/reads/testing/reads-test-kit';
import { EXIT } from '../exit-codes';
import { runFeedctl } from '../testing/run-feedctl';

// pause, resume, reset and status against the real api, whose projector runs inline: what the
// operator does in feedctl, the projector in another process obeys.

jest.setTimeout(120_000);

let kit: ReadsTestKit;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  kit = await startReadsTestKit({ READ_MAX_WAIT_MS: '1500' });
  const { config, readSide } = kit.api;
  env = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    ...readSide!.env,
  };
});
afterAll(async () => {
  await kit?.close();
});

const feedctl = (...args: string[]) => runFeedctl(args, env);

interface FeedAnswer {
  items: { id: string }[];
  consistency: { minPosition: string; reached: boolean; behind: string[] };
}

interface StatusRow {
  name: string;
  operatorState: string;
  paused: boolean;
  checkpoint: string;
}

async function status(): Promise<StatusRow[]> {
  const run = await feedctl('--json', 'status');
  expect(run.code).toBe(EXIT.ok);
  return (JSON.parse(run.stdout) as { projections: StatusRow[] }).projections;
}

it('pauses a view: its readers wait in vain, the other views go on; resumed, it catches up', async () => {
  const [ana, ben] = [await kit.signUp(), await kit.signUp()];
  await kit.write(ana, 'POST', `/users/${ben.userId}/follow`);

  const paused = await feedctl('pause', 'home-feed');
  expect(paused).toMatchObject({ code: EXIT.ok, stdout: 'home-feed v1 paused\n' });
  expect((await status()).find((p) => p.name === 'home-feed')).toMatchObject({
    operatorState: 'paused',
    paused: true,
  });

  const { photoId, position } = await kit.post(ben);
  const feed = (await (await kit.get(ana, '/feed', position)).json()) as FeedAnswer;
  expect(feed.consistency).toEqual({
    minPosition: position,
    reached: false,
    behind: ['home-feed'],
  });
  // The read models were not paused: the photo itself is there.
  expect((await kit.get(ana, `/photos/${photoId}`, position)).status).toBe(200);

  expect((await feedctl('resume', 'home-feed')).code).toBe(EXIT.ok);
  const resumed = (await (await kit.get(ana, '/feed', position)).json()) as FeedAnswer;
  expect(resumed.consistency.reached).toBe(true);
  expect(resumed.items.map((i) => i.id)).toContain(photoId);
});

it('resets a projection to the start after confirming: it re-applies the log, same answers', async () => {
  const [cy, dee] = [await kit.signUp(), await kit.signUp()];
  const position = await kit.write(cy, 'POST', `/users/${dee.userId}/follow`);
  const before = await (await kit.get(dee, '/activity', position)).text();

  // No terminal to ask at and no --yes: nothing happens.
  const refused = await feedctl('reset', 'activity', '--to', 'start');
  expect(refused.code).toBe(EXIT.declined);
  expect(refused.stderr).toContain('--yes');

  const reset = await feedctl('reset', 'activity', '--to', 'start', '--yes');
  expect(reset).toMatchObject({ code: EXIT.ok, stdout: 'activity v1 reset to 0-0\n' });
  // Caught up again from the start of the log: the same answer (every view is idempotent).
  const after = await (await kit.get(dee, '/activity', position)).text();
  expect(after).toBe(before);
});

it('refuses bad names and positions with usage errors', async () => {
  expect((await feedctl('pause', 'no-such-view')).code).toBe(EXIT.usage);
  const bad = await feedctl('reset', 'activity', '--to', 'yesterday', '--yes');
  expect(bad.code).toBe(EXIT.usage);
  expect(bad.stderr).toContain("'--to <position>' argument 'yesterday' is invalid");
  expect((await feedctl('rebuild')).code).toBe(EXIT.usage);
  expect((await feedctl('rebuild', 'push-saga')).stderr).toContain('never rebuilt');
});
