import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type JupyterMessage, type MessageHeader } from './message';
import { ReplayGuard } from './replay-guard';

/** What a codec asks before accepting a signature (a {@link ReplayGuard}, or one that admits all). */
export interface Admission {
  admit(signature: string): boolean;
}
import { sign, verify } from './signature';

const DELIMITER = '<IDS|MSG>';

/** Why a frame list was refused; the kernel logs it and drops the message. */
export class WireError extends Error {
  override name = 'WireError';
}

/** Decodes and encodes signed Jupyter messages for one connection (one key, one replay guard). */
export class Codec {
  /**
   * @param key - the connection file's key; "" means unsigned.
   * @param session - this kernel's session id, put in every header it sends.
   * @param guard - the replay guard; threads serving other channels pass one on the same memory.
   */
  constructor(private readonly key: string, readonly session: string = randomUUID(), readonly guard: Admission = new ReplayGuard()) {}

  /**
   * Checks and parses a received frame list. Order: delimiter, signature present, HMAC
   * (constant time), replay, then JSON — nothing is parsed before the signature is verified.
   * @throws WireError naming what is wrong (never the expected digest).
   */
  decode(frames: readonly Buffer[]): JupyterMessage {
    const at = frames.findIndex((f) => f.length === DELIMITER.length && f.toString('latin1') === DELIMITER);
    if (at < 0) throw new WireError(`no "${DELIMITER}" delimiter among ${frames.length} frames`);
    if (frames.length < at + 6) throw new WireError(`expected signature, header, parent header, metadata and content after the delimiter, got ${frames.length - at - 1} frames`);
    const signature = frames[at + 1].toString('utf8');
    const body = frames.slice(at + 2, at + 6);
    if (this.key !== '' && signature === '') throw new WireError('unsigned message');
    if (!verify(this.key, signature, body)) throw new WireError('invalid signature');
    if (!this.guard.admit(signature)) throw new WireError('duplicate signature (replayed message)');
    let parsed: unknown[];
    try {
      parsed = body.map((f) => JSON.parse(f.toString('utf8')));
    } catch (e) {
      throw new WireError(`a JSON frame does not parse: ${(e as Error).message}`);
    }
    const [header, parent, metadata, content] = parsed as [MessageHeader, Partial<MessageHeader>, Record<string, unknown>, Record<string, unknown>];
    if (typeof header !== 'object' || header === null || typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string') {
      throw new WireError('header has no msg_type or msg_id');
    }
    if (typeof content !== 'object' || content === null || Array.isArray(content)) throw new WireError(`content of ${header.msg_type} is not an object`);
    return {
      identities: frames.slice(0, at),
      header,
      parent_header: typeof parent === 'object' && parent !== null ? parent : {},
      metadata: typeof metadata === 'object' && metadata !== null ? metadata : {},
      content,
      buffers: frames.slice(at + 6),
    };
  }

  /** A new header of `msgType` in this kernel's session. */
  header(msgType: string): MessageHeader {
    return { msg_id: randomUUID(), session: this.session, username: 'feedbacklab', date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION };
  }

  /**
   * Builds and signs the frames of a message.
   * @param identities - routing identities (the request's, or the iopub topic).
   */
  encode(msgType: string, content: unknown, parent: Partial<MessageHeader> | undefined, identities: readonly Buffer[], metadata: Record<string, unknown> = {}, buffers: readonly Buffer[] = []): Buffer[] {
    const body = [this.header(msgType), parent ?? {}, metadata, content].map((part) => Buffer.from(JSON.stringify(part), 'utf8'));
    return [...identities, Buffer.from(DELIMITER), Buffer.from(sign(this.key, body)), ...body, ...buffers];
  }
}
