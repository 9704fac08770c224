/** A socket that can send frame lists (zeromq 6 allows one send in flight at a time). */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
}

/** Serialises sends on one socket; a failed send is logged, never thrown into the caller. */
export class SendQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly socket: Sendable, private readonly log: (msg: string) => void) {}

  /** Queues `frames`; resolves when they are handed to ZeroMQ. */
  send(frames: Buffer[]): Promise<void> {
    this.tail = this.tail.then(() => this.socket.send(frames)).catch((e) => this.log(`send failed: ${(e as Error).message}`));
    return this.tail;
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  idle(): Promise<void> {
    return this.tail;
  }
}
