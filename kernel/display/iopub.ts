import type { Codec } from '../wire/codec';
import type { MessageHeader } from '../wire/message';
import { packFrames } from '../sockets/frame-pack';
import { IopubFlow, type ToWorker } from '../sockets/side-channels';
import { StreamBatch, type StreamName } from './stream-batch';

/** How iopub output is batched and paced. */
export const IOPUB_BATCH = {
  /** Age of the oldest waiting stream text or display update, in ms. */
  maxAgeMs: 5,
  /** Messages posted but not yet handed to ZeroMQ past which a writer waits (back-pressure). */
  maxInFlight: 256,
  /** Longest a writer waits for the worker to catch up before going on, in ms. */
  maxWaitMs: 10_000,
} as const;

interface PendingUpdate {
  displayId: string;
  parent: Partial<MessageHeader>;
  content: unknown;
  metadata: Record<string, unknown>;
}

/**
 * Publishes on iopub through the side-channel worker, which owns the socket (so output leaves
 * while a cell blocks the main thread). Stream writes are batched and display updates of one
 * display id coalesced; a writer far ahead of the socket waits instead of messages being lost.
 */
export class Iopub {
  private current: Partial<MessageHeader> = {};
  private readonly flow: Int32Array;
  private readonly updates = new Map<string, PendingUpdate>();
  private oldest = 0;
  private timer?: NodeJS.Timeout;

  /**
   * @param codec - signs messages in this kernel's session.
   * @param post - sends to the side-channel worker.
   * @param flowMemory - the shared {@link IopubFlow} counters.
   * @param streams - the shared stream batch.
   */
  constructor(
    private readonly codec: Codec,
    private readonly post: (m: ToWorker, transfer?: ArrayBuffer[]) => void,
    flowMemory: SharedArrayBuffer,
    private readonly streams: StreamBatch,
  ) {
    this.flow = new Int32Array(flowMemory);
  }

  /** The request whose outputs are being produced (the running cell's execute_request). */
  get parent(): Partial<MessageHeader> {
    return this.current;
  }

  set parent(header: Partial<MessageHeader>) {
    if (header === this.current) return;
    this.flush();
    this.current = header;
    this.count(() => this.post({ kind: 'parent', header }));
  }

  /** Publishes one message now, after any batched output; `parent` defaults to the current request. */
  publish(msgType: string, content: unknown, parent: Partial<MessageHeader> = this.current, metadata: Record<string, unknown> = {}): void {
    this.flush();
    this.send(msgType, content, parent, metadata);
  }

  /** busy, idle or starting around a request; never dropped, never batched. */
  status(state: 'busy' | 'idle' | 'starting', parent: Partial<MessageHeader>): void {
    this.publish('status', { execution_state: state }, parent);
  }

  /** Adds text to the batch of stream output (sent within a few ms, or before the next message). */
  stream(name: StreamName, text: string): void {
    if (this.streams.append(name, text)) return;
    this.flush();
    if (!this.streams.append(name, text)) this.send('stream', { name, text }, this.current, {});
  }

  /** Queues update_display_data; a later update of the same display id replaces it before it leaves. */
  updateDisplay(displayId: string, content: unknown, metadata: Record<string, unknown> = {}): void {
    const waiting = this.updates.get(displayId);
    if (waiting && waiting.parent === this.current) {
      waiting.content = content;
      waiting.metadata = metadata;
    } else {
      if (waiting) this.flush();
      if (this.updates.size === 0) this.oldest = performance.now();
      this.updates.set(displayId, { displayId, parent: this.current, content, metadata });
      // A cell that keeps the thread busy never lets this fire: the age check covers that case.
      this.timer ??= setTimeout(() => this.flush(), IOPUB_BATCH.maxAgeMs);
    }
    if (performance.now() - this.oldest >= IOPUB_BATCH.maxAgeMs) this.flush();
  }

  /** Sends all batched output now. */
  flush(): void {
    const text = this.streams.take();
    if (text) this.send('stream', text, this.current, {});
    if (this.updates.size === 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    const updates = [...this.updates.values()];
    this.updates.clear();
    for (const u of updates) this.send('update_display_data', u.content, u.parent, u.metadata);
  }

  /**
   * Posts to the worker and counts it, atomically with respect to the worker's timed stream flush.
   * Counted after the post: a cell terminated in between (an interrupt) leaves the count one short,
   * which never holds the worker's flush back (see StreamBatch.take).
   */
  private count(postIt: () => void): void {
    this.streams.locked(() => {
      postIt();
      Atomics.add(this.flow, IopubFlow.POSTED, 1);
    });
  }

  private send(msgType: string, content: unknown, parent: Partial<MessageHeader>, metadata: Record<string, unknown>): void {
    const topic = Buffer.from(`kernel.${this.codec.session}.${msgType}`);
    const packed = packFrames(this.codec.encode(msgType, content, parent, [topic], metadata));
    this.count(() => this.post({ kind: 'iopub', packed }, [packed.data]));
    if (this.inFlight() > IOPUB_BATCH.maxInFlight) this.waitUntilInFlight(IOPUB_BATCH.maxInFlight / 2, IOPUB_BATCH.maxWaitMs);
  }

  private inFlight(): number {
    return Atomics.load(this.flow, IopubFlow.POSTED) - Atomics.load(this.flow, IopubFlow.SENT);
  }

  private waitUntilInFlight(limit: number, timeoutMs: number): boolean {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // One read of the count for both the check and the wait: read twice, the worker's last
      // increment could land in between and the wait would sleep out its timeout (50 ms).
      const sent = Atomics.load(this.flow, IopubFlow.SENT);
      if (Atomics.load(this.flow, IopubFlow.POSTED) - sent <= limit) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(this.flow, IopubFlow.SENT, sent, Math.min(left, 50));
    }
  }
}
