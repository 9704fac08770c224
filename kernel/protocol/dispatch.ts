import { log } from '../sockets/log';
import { WireError, type Codec } from '../wire/codec';
import type { JupyterMessage } from '../wire/message';
import { Phase, type InterruptState } from '../sockets/interrupt-state';
import type { Handler, KernelContext } from './kernel-context';

type Reply = (msg: JupyterMessage, msgType: string, content: Record<string, unknown>) => void;

/**
 * Serves one channel's requests in order: decode (bad messages are logged and dropped), busy,
 * the handler (a failure becomes an error reply), the reply, idle. Execute requests that were
 * queued behind a failed cell are answered "aborted".
 */
export class Dispatcher {
  private queue: { frames: Buffer[]; seq: number; at: number }[] = [];
  private received = 0;
  private abortThrough = 0;
  private running = false;

  constructor(
    private readonly ctx: KernelContext,
    private readonly handlers: Readonly<Record<string, Handler>>,
    private readonly reply: Reply,
    private readonly channel: string,
    private readonly codec: Codec = ctx.codec,
    /** The shell channel's dispatcher tells the interrupt state when the kernel is busy. */
    private readonly interrupts?: InterruptState,
  ) {}

  /** Accepts raw frames from the socket; they are served one at a time. */
  push(frames: Buffer[]): void {
    this.queue.push({ frames, seq: ++this.received, at: this.interrupts?.now() ?? 0 });
    if (!this.running) void this.drain();
  }

  /**
   * Marks every request received so far as aborted (stop_on_error). Yields first so that
   * requests already waiting in the socket are counted too.
   */
  async abortQueued(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.abortThrough = this.received;
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const { frames, seq, at } = this.queue.shift()!;
        if (this.interrupts) {
          this.interrupts.phase = Phase.KERNEL;
          this.interrupts.receivedAt = at;
        }
        await this.serve(frames, seq);
      }
    } finally {
      this.running = false;
      this.interrupts?.goIdle();
    }
  }

  private async serve(frames: Buffer[], seq: number): Promise<void> {
    let msg: JupyterMessage;
    try {
      msg = this.codec.decode(frames);
    } catch (e) {
      log(`${this.channel}: dropped a message: ${e instanceof WireError ? e.message : String(e)}`);
      return;
    }
    const type = msg.header.msg_type;
    const replyType = type.endsWith('_request') ? type.replace(/_request$/, '_reply') : undefined;
    this.ctx.iopub.status('busy', msg.header);
    try {
      if (type === 'execute_request' && seq <= this.abortThrough) {
        // As ipykernel: no execution count, so front ends show the skipped cell as not run ([ ]).
        this.reply(msg, 'execute_reply', { status: 'aborted' });
        return;
      }
      // Own properties only: "constructor" or "__proto__" must not find Object's methods.
      const handler = Object.hasOwn(this.handlers, type) ? this.handlers[type] : undefined;
      if (typeof handler !== 'function') {
        log(`${this.channel}: unknown message type ${JSON.stringify(type)}`);
        if (replyType) this.reply(msg, replyType, { status: 'error', ename: 'UnknownMessageType', evalue: `feedbacklab does not handle ${type}`, traceback: [] });
        return;
      }
      const content = await handler(this.ctx, msg);
      if (content && replyType) this.reply(msg, replyType, content);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      log(`${this.channel}: ${type} failed: ${err.stack ?? err.message}`);
      if (replyType) this.reply(msg, replyType, { status: 'error', ename: err.name, evalue: err.message, traceback: (err.stack ?? '').split('\n') });
    } finally {
      this.ctx.iopub.status('idle', msg.header);
    }
  }
}
