import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { InputSlot, type InputAnswer, type ToWorker } from '../sockets/side-channels';
import type { Codec } from '../wire/codec';
import type { JupyterMessage } from '../wire/message';

/** Raised when a cell asks for input but the front end cannot answer (allow_stdin false). */
export class StdinNotAllowed extends Error {
  override name = 'StdinNotAllowedError';
}

/**
 * Asks the front end for input through input_request on the stdin channel (served by the
 * side-channel worker, so a synchronous `prompt()` can block the main thread while it waits).
 */
export class Stdin {
  /** The execute_request being served and whether it allows stdin. */
  request?: { msg: JupyterMessage; allowed: boolean };

  private lastId = 0;

  /**
   * @param codec - signs the input_request.
   * @param post - sends to the side-channel worker.
   * @param answers - the port the worker posts answers on; never started, read synchronously.
   */
  constructor(private readonly codec: Codec, private readonly post: (m: ToWorker) => void, private readonly answers: MessagePort) {}

  private begin(prompt: string, password: boolean): { id: number; slot: Int32Array } {
    const req = this.request;
    if (!req || !req.allowed) throw new StdinNotAllowed('this front end does not accept input (allow_stdin is false); pass the value in code instead');
    const reply = new SharedArrayBuffer(InputSlot.SIZE);
    const frames = this.codec.encode('input_request', { prompt, password }, req.msg.header, req.msg.identities);
    const id = ++this.lastId;
    this.post({ kind: 'input', id, frames, reply });
    return { id, slot: new Int32Array(reply) };
  }

  private finish({ id, slot }: { id: number; slot: Int32Array }): string {
    if (Atomics.load(slot, InputSlot.STATE) === 2) {
      const e = new Error('input interrupted');
      e.name = 'KeyboardInterrupt';
      throw e;
    }
    // Answers to earlier, interrupted requests may still be queued: skip them.
    for (let got = receiveMessageOnPort(this.answers); got; got = receiveMessageOnPort(this.answers)) {
      const answer = got.message as InputAnswer;
      if (answer.id === id) return answer.value;
    }
    throw new Error(`stdin: the answer to input request ${id} was announced but not received; please report this`);
  }

  /** Asks for a line without blocking the event loop. */
  async input(prompt = '', options: { password?: boolean } = {}): Promise<string> {
    const request = this.begin(prompt, options.password ?? false);
    while (Atomics.load(request.slot, InputSlot.STATE) === 0) {
      const w = Atomics.waitAsync(request.slot, InputSlot.STATE, 0, 100);
      if (w.async) await w.value;
    }
    return this.finish(request);
  }

  /** Asks for a line and blocks until it comes (the browser's `prompt()`). */
  prompt(message = ''): string {
    const request = this.begin(message, false);
    while (Atomics.load(request.slot, InputSlot.STATE) === 0) Atomics.wait(request.slot, InputSlot.STATE, 0, 50);
    return this.finish(request);
  }
}

/** Ambient declarations cells see for the stdin globals. */
export const STDIN_DECLARATIONS = `declare function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
declare function prompt(message?: string): string;
`;
