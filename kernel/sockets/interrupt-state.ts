// What the main thread is doing, and whether an interrupt is waiting, in shared memory: the
// side-channel worker reads it to choose how to interrupt, the main thread to honour an
// interrupt that came before its cell started.

/** What the main thread is running. */
export const Phase = {
  /** Waiting for requests (a cell's timers may still run). */
  IDLE: 0,
  /** Serving a request in kernel code (compiling, replying): never terminated. */
  KERNEL: 1,
  /** A cell's synchronous code, which the cell runner lets the worker stop. */
  USER_SYNC: 2,
  /** Awaiting a cell's promise: its code runs in callbacks. */
  USER_ASYNC: 3,
} as const;

// One word holds the phase (low 4 bits) and the pending interrupt (above), so that the main
// thread entering a cell and the worker recording an interrupt cannot miss each other.
const STATE = 0;
const PENDING_AT = 1;
const ACK = 2;
const SIGNALS_SENT = 3;
const SIGNALS_SEEN = 4;
const SLOTS = 5;
const PHASE_MASK = 0xf;

/** Pending values (shifted by 4). */
const NONE = 0;
/** Arrived while idle, at PENDING_AT: it belongs to a request received just after. */
const STAMPED = 1 << 4;
/** Arrived while the main thread was busy: it belongs to the request being served or next. */
const STICKY = 2 << 4;

/** An interrupt that came while idle applies to a request received at most this long after (ms). */
export const INTERRUPT_GRACE_MS = 500;

/** The shared interrupt state of one kernel. */
export class InterruptState {
  readonly memory: SharedArrayBuffer;
  /** Main thread only: when the request being served was read from its socket (see now()). */
  receivedAt = 0;
  private readonly slots: Int32Array;
  /** Date.now() at the kernel's start; hand it to the other thread with `memory`. */
  readonly epoch: number;

  /**
   * @param memory - the other thread's `memory`, or undefined for a new one.
   * @param epoch - Date.now() when the kernel started (times are kept relative to it).
   */
  constructor(memory?: SharedArrayBuffer, epoch = Date.now()) {
    this.memory = memory ?? new SharedArrayBuffer(SLOTS * 4);
    this.slots = new Int32Array(this.memory);
    this.epoch = epoch;
  }

  /** Milliseconds since the epoch given to the constructor. */
  now(): number {
    return Date.now() - this.epoch;
  }

  get phase(): number {
    return Atomics.load(this.slots, STATE) & PHASE_MASK;
  }

  /** Sets the phase, keeping a pending interrupt. */
  set phase(p: number) {
    this.update((old) => (old & ~PHASE_MASK) | p);
  }

  /** Whether an interrupt waits. */
  get pending(): boolean {
    return (Atomics.load(this.slots, STATE) & ~PHASE_MASK) !== NONE;
  }

  /** Worker: records an interrupt_request. @returns the phase the main thread was in. */
  request(): number {
    const now = this.now();
    const old = this.update((s) => {
      const phase = s & PHASE_MASK;
      if (phase !== Phase.IDLE) return phase | STICKY;
      Atomics.store(this.slots, PENDING_AT, now);
      return (s & STICKY) | STAMPED | phase;
    });
    return old & PHASE_MASK;
  }

  /** Main: the thread goes idle; an interrupt kept for the request being served now ages. */
  goIdle(): void {
    Atomics.store(this.slots, PENDING_AT, this.now());
    this.update((s) => ((s & ~PHASE_MASK) === NONE ? Phase.IDLE : Phase.IDLE | STAMPED));
  }

  /**
   * Main, as a cell's code starts: enters `phase` and takes a waiting interrupt that belongs to
   * the cell (one that came while the kernel was busy, or while idle shortly before the request
   * arrived at `receivedAt`).
   * @returns true if the cell must not run.
   */
  enterCell(phase: number, receivedAt: number): boolean {
    const old = this.update(() => phase);
    const pending = old & ~PHASE_MASK;
    if (pending & STICKY) return true;
    return pending === STAMPED && Atomics.load(this.slots, PENDING_AT) >= receivedAt - INTERRUPT_GRACE_MS;
  }

  /** Main: forgets waiting interrupts (a cell ended: what came during it was spent on it). */
  clear(): void {
    this.update((s) => s & PHASE_MASK);
  }

  /** Worker: counts a SIGINT it sends. */
  signalSent(): void {
    Atomics.add(this.slots, SIGNALS_SENT, 1);
  }

  /**
   * Main: a SIGINT reached the JavaScript listener or stopped a cell.
   * @returns whether it was the worker's own (else it came from outside, e.g. `kill -INT`).
   */
  signalSeen(): boolean {
    const sent = Atomics.load(this.slots, SIGNALS_SENT);
    return Atomics.exchange(this.slots, SIGNALS_SEEN, sent) !== sent;
  }

  private update(f: (state: number) => number): number {
    for (;;) {
      const old = Atomics.load(this.slots, STATE);
      if (Atomics.compareExchange(this.slots, STATE, old, f(old)) === old) return old;
    }
  }

  /** Main: counts an interrupt message handled, so the worker sees the thread is responsive. */
  acknowledge(): void {
    Atomics.add(this.slots, ACK, 1);
  }

  /** The number of acknowledged interrupt messages. */
  get acknowledged(): number {
    return Atomics.load(this.slots, ACK);
  }
}
