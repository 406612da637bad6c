/**
 * Child-process side of a bench subject: `subject-host.ts <kind> <options json>`.
 * Each store runs in a process of its own so that one store's process-wide settings (Emmett's
 * dumbo installs global pg type parsers), garbage and pools never touch another's measurement.
 * Timing happens here, next to the store; the parent only sequences the runs.
 */
import {
  SUBJECT_KINDS,
  type HostReply,
  type HostRequest,
  type SubjectKind,
} from './subject-protocol';
import { fill, runWriters, timedRead, type Subject, type SubjectOptions } from './workload';

const loaders: Record<
  SubjectKind,
  () => Promise<{ createSubject(o: SubjectOptions): Promise<Subject> }>
> = {
  ours: () => import('./subjects/ours'),
  emmett: () => import('./subjects/emmett'),
  raw_insert: () => import('./subjects/raw-insert'),
};

function send(reply: HostReply): void {
  process.send?.(reply);
}

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

async function main(): Promise<void> {
  const kind = process.argv[2] as SubjectKind;
  if (!SUBJECT_KINDS.includes(kind)) throw new Error(`unknown subject ${kind}`);
  const options = JSON.parse(process.argv[3]) as SubjectOptions;
  const subject = await (await loaders[kind]()).createSubject(options);
  await subject.init();
  let appended = 0;

  process.on('message', (raw) => {
    const req = raw as HostRequest;
    void (async () => {
      try {
        switch (req.op) {
          case 'append': {
            const run = await runWriters(subject, req.writers, req.batch, req.ms);
            appended += run.events;
            return send({ id: req.id, ok: true, value: run });
          }
          case 'fill': {
            const run = await fill(subject, req.events, req.perAppend, req.writers);
            appended += run.events;
            return send({ id: req.id, ok: true, value: run });
          }
          case 'read':
            return send({ id: req.id, ok: true, value: await timedRead(subject, req.batchSize) });
          case 'appended':
            return send({ id: req.id, ok: true, value: appended });
          case 'close':
            await subject.close();
            send({ id: req.id, ok: true, value: null });
            process.disconnect();
            return;
        }
      } catch (err) {
        send({ id: req.id, ok: false, error: describe(err) });
      }
    })();
  });
  send({ id: 0, ok: true, value: 'ready' });
}

main().catch((err) => {
  send({ id: 0, ok: false, error: describe(err) });
  process.exitCode = 1;
  process.disconnect?.();
});
