/** Messages between the main thread and the side-channel worker. */
export type ToWorker =
  | { kind: 'send'; channel: 'control' | 'stdin'; frames: Uint8Array[] }
  /** Send an input_request on stdin and write the reply into `reply` (see {@link InputSlot}). */
  | { kind: 'input'; frames: Uint8Array[]; reply: SharedArrayBuffer }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'control'; frames: Uint8Array[] }
  | { kind: 'interrupted'; frames: Uint8Array[] }
  | { kind: 'log'; message: string }
  | { kind: 'ready' };

/** Layout of the shared buffer an input reply is written into. */
export const InputSlot = {
  /** Int32 index of the state: 0 waiting, 1 answered, 2 interrupted. */
  STATE: 0,
  /** Int32 index of the answer's byte length. */
  LENGTH: 1,
  /** Byte offset where the UTF-8 answer starts. */
  DATA: 8,
  /** Total size of the buffer in bytes. */
  SIZE: 1 << 20,
} as const;
