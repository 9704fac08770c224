import type { Codec } from '../wire/codec';
import type { MessageHeader } from '../wire/message';
import type { SendQueue } from '../sockets/send-queue';

/** Publishes on iopub, each message tagged with the request it belongs to. */
export class Iopub {
  /** The request whose outputs are being produced (the running cell's execute_request). */
  parent: Partial<MessageHeader> = {};

  constructor(private readonly codec: Codec, private readonly out: SendQueue) {}

  /** Publishes one message; `parent` defaults to the current request. */
  publish(msgType: string, content: unknown, parent: Partial<MessageHeader> = this.parent, metadata: Record<string, unknown> = {}): void {
    const topic = Buffer.from(`kernel.${this.codec.session}.${msgType}`);
    void this.out.send(this.codec.encode(msgType, content, parent, [topic], metadata));
  }

  /** busy or idle around a request. */
  status(state: 'busy' | 'idle' | 'starting', parent: Partial<MessageHeader>): void {
    this.publish('status', { execution_state: state }, parent);
  }
}
