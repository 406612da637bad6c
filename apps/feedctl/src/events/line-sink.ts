/**
 * Where `events tail` writes its lines. Unlike Output, it waits when the reader is slower than the
 * log (so a catch-up of a million events into `less` does not pile up in memory: the subscription
 * only reads on when we ask), and it notices when the reader went away (`| head`: EPIPE), which
 * ends the tail quietly instead of crashing it.
 */
export class LineSink {
  private gone = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly stream: NodeJS.WritableStream) {
    // Never removed: an EPIPE can surface after the last write, and unheard it would crash.
    stream.on('error', this.onError);
  }

  /** True once the reader closed its end: stop producing. */
  get closed(): boolean {
    return this.gone;
  }

  async write(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.gone) return;
    if (this.stream.write(text)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.off('drain', done);
        this.stream.off('close', done);
        this.wake = null;
        resolve();
      };
      this.wake = done;
      this.stream.once('drain', done);
      this.stream.once('close', done);
    });
    if (this.failure) throw this.failure;
  }

  private readonly onError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') this.gone = true;
    else this.failure = error;
    this.wake?.();
  };
}
