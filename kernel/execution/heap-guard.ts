// The kernel side of the native heap guard (kernel/native/heap-guard.cc): shared slots that the
// addon writes from V8's heap-limit callbacks and the side-channel worker watches.
import type { LoadedAddon } from './kernel-addon';

/** Slots of the shared Int32Array, as heap-guard.cc numbers them. */
export const enum HeapSlot {
  /** How many times the heap came near its limit (each time the running cell is stopped). */
  NEAR_LIMIT = 0,
  /** HeapFatal: set when the heap is exhausted and the process is about to end. */
  FATAL = 1,
  /** V8's heap limit, MiB. */
  LIMIT_MIB = 2,
}

export const enum HeapFatal {
  NONE = 0,
  /** The addon waits for the worker to publish the error. */
  DYING = 1,
  /** The worker has handed the error and idle to ZeroMQ. */
  PUBLISHED = 2,
}

/** What a user can do about an out-of-memory cell (the kernel's error and the worker's say it). */
export const OUT_OF_MEMORY_HINT = 'Keep less in memory, or start Jupyter with a larger heap: NODE_OPTIONS=--max-old-space-size=8192 jupyter lab';

/** What the executor and the side-channel worker share about the main thread's heap. */
export class HeapGuard {
  readonly memory = new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT);
  private readonly slots = new Int32Array(this.memory);
  /** Why the guard is not armed, if it is not (for the kernel's log). */
  readonly unarmed?: string;
  /**
   * The read end of a pipe that gets a byte whenever a slot changes (absent when unarmed): the
   * worker listens on it instead of polling the slots.
   */
  readonly wakeFd?: number;

  /** @param loaded - the kernel's addon, or why there is none. */
  constructor(loaded: LoadedAddon) {
    if (!loaded.addon) {
      this.unarmed = `heap guard ${loaded.reason}: a cell that exhausts memory ends the kernel without a report`;
      return;
    }
    try {
      this.wakeFd = loaded.addon.arm(this.slots);
    } catch (e) {
      this.unarmed = `heap guard not armed: ${(e as Error).message}`;
    }
  }

  /** How many times the heap has come near its limit so far. */
  nearLimitCount(): number {
    return Atomics.load(this.slots, HeapSlot.NEAR_LIMIT);
  }

  /** V8's heap limit in MiB (0 when the guard is not armed). */
  get limitMiB(): number {
    return Atomics.load(this.slots, HeapSlot.LIMIT_MIB);
  }
}
