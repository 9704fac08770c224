import type { MessageHeader } from '../wire/message';
import type { PackedFrames } from './frame-pack';

/** Messages between the main thread and the side-channel worker. */
export type ToWorker =
  /** Publish on iopub, in order; the worker counts it in {@link IopubFlow} once handed to ZeroMQ. */
  | { kind: 'iopub'; packed: PackedFrames }
  /** The request later stream text belongs to (the worker sends batched text itself). */
  | { kind: 'parent'; header: Partial<MessageHeader> }
  | { kind: 'send'; channel: 'control' | 'stdin'; frames: Uint8Array[] }
  /**
   * Send an input_request on stdin; the answer is posted on the input port as `{ id, value }`,
   * then `reply`'s state is set (see {@link InputSlot}).
   */
  | { kind: 'input'; id: number; frames: Uint8Array[]; reply: SharedArrayBuffer }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'control'; frames: Uint8Array[] }
  | { kind: 'log'; message: string }
  /** An interrupt_request for what the main thread runs now (a pending await, a timer's loop). */
  | { kind: 'interrupt' }
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

/**
 * Int32 indices of the shared counters of iopub messages: the main thread counts what it posts,
 * the worker what it has handed to ZeroMQ. Their difference is the back-pressure signal.
 */
export const IopubFlow = {
  /** iopub and parent messages the main thread has posted. */
  POSTED: 0,
  /** Of those, how many the worker has taken from its port (queued, in order). */
  PROCESSED: 1,
  /** Of the iopub ones, how many have been handed to ZeroMQ. */
  SENT: 2,
  /** Total size of the buffer in bytes. */
  SIZE: 12,
} as const;
