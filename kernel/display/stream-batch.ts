// Stream text waits in shared memory, not in the main thread's heap: the side-channel worker
// sends it every few milliseconds even while a cell blocks the main thread, and the main thread
// sends it itself before any other message, so the order of outputs is kept.
import { IopubFlow } from '../sockets/side-channels';

const LOCK = 0;
const BYTES = 1;
const NAME = 2;
const HEADER_BYTES = 16;
const NAMES = ['stdout', 'stderr'] as const;

/** The name of a stream output. */
export type StreamName = (typeof NAMES)[number];

/** Bytes of UTF-8 stream text the shared batch holds (a bigger write is sent on its own). */
export const STREAM_BATCH_BYTES = 256 * 1024;

/** Text taken out of the batch, to be sent as one `stream` message. */
export interface StreamText {
  name: StreamName;
  text: string;
}

/** One stream batch in a SharedArrayBuffer, written by the main thread, emptied by either thread. */
export class StreamBatch {
  /** The shared memory, to hand to the other thread. */
  readonly memory: SharedArrayBuffer;
  private readonly header: Int32Array;
  private readonly data: Buffer;

  /**
   * @param memory - the other thread's `memory`, or undefined for a new one.
   * @param owner - this thread's mark in the lock word (1 main, 2 worker).
   */
  constructor(memory?: SharedArrayBuffer, private readonly owner: 1 | 2 = 1) {
    this.memory = memory ?? new SharedArrayBuffer(HEADER_BYTES + STREAM_BATCH_BYTES);
    this.header = new Int32Array(this.memory, 0, HEADER_BYTES / 4);
    this.data = Buffer.from(this.memory, HEADER_BYTES);
  }

  /**
   * Appends `text` if it is of the batch's stream and fits.
   * @returns false when the caller must take() and send the batch first (or send `text` alone).
   */
  append(name: StreamName, text: string): boolean {
    const size = Buffer.byteLength(text, 'utf8');
    this.lock();
    try {
      const used = this.header[BYTES];
      if (used > 0 && NAMES[this.header[NAME]] !== name) return false;
      if (used + size > STREAM_BATCH_BYTES) return false;
      this.data.write(text, used, 'utf8');
      this.header[NAME] = NAMES.indexOf(name);
      Atomics.store(this.header, BYTES, used + size);
      if (used === 0) Atomics.notify(this.header, BYTES); // wakes the worker's flusher
      return true;
    } finally {
      this.unlock();
    }
  }

  /**
   * Empties the batch. With `flow`, only if every message the main thread posted has been
   * processed (the worker's timed flush must not overtake them).
   */
  take(flow?: Int32Array): StreamText | undefined {
    this.lock();
    try {
      const used = this.header[BYTES];
      if (used === 0) return undefined;
      if (flow && Atomics.load(flow, IopubFlow.PROCESSED) < Atomics.load(flow, IopubFlow.POSTED)) return undefined;
      const text = this.data.toString('utf8', 0, used);
      Atomics.store(this.header, BYTES, 0);
      return { name: NAMES[this.header[NAME]], text };
    } finally {
      this.unlock();
    }
  }

  /** Resolves once the batch holds text (for the worker's flusher). */
  async whenFilled(): Promise<void> {
    const w = Atomics.waitAsync(this.header, BYTES, 0);
    if (w.async) await w.value;
  }

  /**
   * Runs `f` while holding the batch's lock (so that a post and its count are atomic with
   * respect to the worker's take).
   */
  locked<T>(f: () => T): T {
    this.lock();
    try {
      return f();
    } finally {
      this.unlock();
    }
  }

  /**
   * Releases a lock this thread still holds: a terminated cell (an interrupt of its synchronous
   * code, or of a loop in a callback) may have been stopped inside append() or a post, where no
   * finally block runs; the next write would wait for the lock forever.
   */
  recover(): void {
    Atomics.compareExchange(this.header, LOCK, this.owner, 0);
  }

  private lock(): void {
    for (;;) {
      const held = Atomics.compareExchange(this.header, LOCK, 0, this.owner);
      if (held === 0) return;
      Atomics.wait(this.header, LOCK, held, 1);
    }
  }

  private unlock(): void {
    Atomics.store(this.header, LOCK, 0);
    Atomics.notify(this.header, LOCK);
  }
}
