import { InputSlot, type ToWorker } from '../sockets/side-channels';
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

  constructor(private readonly codec: Codec, private readonly post: (m: ToWorker) => void) {}

  private begin(prompt: string, password: boolean): Int32Array {
    const req = this.request;
    if (!req || !req.allowed) throw new StdinNotAllowed('this front end does not accept input (allow_stdin is false); pass the value in code instead');
    const reply = new SharedArrayBuffer(InputSlot.SIZE);
    const frames = this.codec.encode('input_request', { prompt, password }, req.msg.header, req.msg.identities);
    this.post({ kind: 'input', frames, reply });
    return new Int32Array(reply, 0, 2);
  }

  private finish(slot: Int32Array): string {
    if (Atomics.load(slot, InputSlot.STATE) === 2) {
      const e = new Error('input interrupted');
      e.name = 'KeyboardInterrupt';
      throw e;
    }
    const length = Atomics.load(slot, InputSlot.LENGTH);
    return Buffer.from(slot.buffer as SharedArrayBuffer, InputSlot.DATA, length).toString('utf8');
  }

  /** Asks for a line without blocking the event loop. */
  async input(prompt = '', options: { password?: boolean } = {}): Promise<string> {
    const slot = this.begin(prompt, options.password ?? false);
    while (Atomics.load(slot, InputSlot.STATE) === 0) {
      const w = Atomics.waitAsync(slot, InputSlot.STATE, 0, 100);
      if (w.async) await w.value;
    }
    return this.finish(slot);
  }

  /** Asks for a line and blocks until it comes (the browser's `prompt()`). */
  prompt(message = ''): string {
    const slot = this.begin(message, false);
    while (Atomics.load(slot, InputSlot.STATE) === 0) Atomics.wait(slot, InputSlot.STATE, 0, 50);
    return this.finish(slot);
  }
}

/** Ambient declarations cells see for the stdin globals. */
export const STDIN_DECLARATIONS = `declare function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
declare function prompt(message?: string): string;
`;
