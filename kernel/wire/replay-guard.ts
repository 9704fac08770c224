import { createHash } from 'node:crypto';

const LOCK = 0;
const WRITTEN = 1;
const HEADER_BYTES = 8;
const ENTRY_BYTES = 32;

/**
 * Remembers recent signatures so that a replayed message is refused (as jupyter_client does).
 * The memory is a SharedArrayBuffer, so the main thread (shell) and the side-channel worker
 * (control, stdin) refuse a message seen on any channel: give both threads the same `memory`.
 */
export class ReplayGuard {
  /** The shared memory to hand to another thread's guard. */
  readonly memory: SharedArrayBuffer;
  private readonly header: Int32Array;
  private readonly entries: Uint8Array;
  private readonly capacity: number;
  // This thread's index of the shared log, brought up to date under the lock.
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private read = 0;

  /**
   * @param memory - another guard's `memory`, or undefined for a new one.
   * @param capacity - how many signatures to remember (when `memory` is new).
   */
  constructor(memory?: SharedArrayBuffer, capacity = 65536) {
    this.memory = memory ?? new SharedArrayBuffer(HEADER_BYTES + capacity * ENTRY_BYTES);
    this.capacity = (this.memory.byteLength - HEADER_BYTES) / ENTRY_BYTES;
    this.header = new Int32Array(this.memory, 0, 2);
    this.entries = new Uint8Array(this.memory, HEADER_BYTES);
  }

  /** Records `signature`; returns false if it was already seen on any channel. */
  admit(signature: string): boolean {
    if (signature === '') return true;
    const digest = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : createHash('sha256').update(signature).digest();
    const key = digest.toString('hex');
    while (Atomics.compareExchange(this.header, LOCK, 0, 1) !== 0) Atomics.wait(this.header, LOCK, 1, 1);
    try {
      const written = Atomics.load(this.header, WRITTEN);
      this.read = Math.max(this.read, written - this.capacity);
      for (; this.read < written; this.read++) {
        const at = (this.read % this.capacity) * ENTRY_BYTES;
        this.remember(Buffer.from(this.entries.subarray(at, at + ENTRY_BYTES)).toString('hex'));
      }
      if (this.seen.has(key)) return false;
      this.entries.set(digest, (written % this.capacity) * ENTRY_BYTES);
      Atomics.store(this.header, WRITTEN, written + 1);
      this.read = written + 1;
      this.remember(key);
      return true;
    } finally {
      Atomics.store(this.header, LOCK, 0);
      Atomics.notify(this.header, LOCK, 1);
    }
  }

  private remember(key: string): void {
    this.seen.add(key);
    this.order.push(key);
    if (this.order.length > this.capacity) this.seen.delete(this.order.shift()!);
  }
}
