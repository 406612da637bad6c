import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { HostReply, HostRequest, SubjectKind } from './subject-protocol';
import type { AppendRun, SubjectOptions } from './workload';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Request = DistributiveOmit<HostRequest, 'id'>;

/** Parent side: one store in its own child process (bench/lib/subject-host.ts), driven over IPC. */
export class SubjectProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >();

  private constructor(
    readonly kind: SubjectKind,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (raw) => {
      const reply = raw as HostReply;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(`${kind}: ${reply.error}`));
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values())
        p.reject(new Error(`${kind}: subject process exited (${code})`));
      this.pending.clear();
    });
  }

  /** Forks the subject and waits until its store is ready (schema created, not timed). */
  static start(kind: SubjectKind, options: SubjectOptions): Promise<SubjectProcess> {
    // The child inherits tsx's loader through process.execArgv; its stdout goes to our stderr.
    const child = fork(join(__dirname, 'subject-host.ts'), [kind, JSON.stringify(options)], {
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    const subject = new SubjectProcess(kind, child);
    return new Promise<unknown>((resolve, reject) =>
      subject.pending.set(0, { resolve, reject }),
    ).then(() => subject);
  }

  private call<T>(request: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
      this.child.send({ ...request, id });
    });
  }

  append(writers: number, batch: number, ms: number): Promise<AppendRun> {
    return this.call({ op: 'append', writers, batch, ms });
  }

  fill(events: number, perAppend: number, writers: number): Promise<AppendRun> {
    return this.call({ op: 'fill', events, perAppend, writers });
  }

  read(batchSize: number): Promise<{ events: number; elapsedMs: number }> {
    return this.call({ op: 'read', batchSize });
  }

  /** Events this subject appended so far (warm-ups and fills included). */
  appended(): Promise<number> {
    return this.call({ op: 'appended' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ op: 'close' }).catch(() => this.child.kill());
    await exited;
  }
}

/** Starts the subjects one after the other; a store that cannot start is reported, not fatal. */
export async function startSubjects(
  kinds: readonly SubjectKind[],
  options: SubjectOptions,
  onError: (kind: SubjectKind, err: Error) => void,
): Promise<Map<SubjectKind, SubjectProcess>> {
  const started = new Map<SubjectKind, SubjectProcess>();
  for (const kind of kinds) {
    try {
      started.set(kind, await SubjectProcess.start(kind, options));
    } catch (err) {
      onError(kind, err as Error);
    }
  }
  return started;
}
