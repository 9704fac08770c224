/** Messages between the main thread and the side-channel worker. */
export type ToWorker =
  | { kind: 'send'; channel: 'control' | 'stdin'; frames: Uint8Array[] }
  /**
   * Send an input_request on stdin; the answer is posted on the input port as `{ id, value }`,
   * then `reply`'s state is set (see {@link InputSlot}).
   */
  | { kind: 'input'; id: number; frames: Uint8Array[]; reply: SharedArrayBuffer }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'control'; frames: Uint8Array[] }
  | { kind: 'interrupted'; frames: Uint8Array[] }
  | { kind: 'log'; message: string }
  | { kind: 'ready' };

/**
 * Layout of the shared buffer that says an input reply has come. The answer itself, of any size,
 * travels on a MessagePort that the main thread reads synchronously (receiveMessageOnPort).
 */
export const InputSlot = {
  /** Int32 index of the state: 0 waiting, 1 answered, 2 interrupted. */
  STATE: 0,
  /** Total size of the buffer in bytes. */
  SIZE: 8,
} as const;

/** An answer posted on the input port. */
export interface InputAnswer {
  id: number;
  value: string;
}
