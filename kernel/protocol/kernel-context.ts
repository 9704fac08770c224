import type { Executor } from '../execution/executor';
import type { Iopub } from '../display/iopub';
import type { Codec } from '../wire/codec';
import type { JupyterMessage } from '../wire/message';
import type { HistoryStore } from './history-store';
import type { CommManager } from './comm-manager';
import type { Stdin } from '../execution/stdin';

/** What request handlers share: the sockets' front ends and the kernel's state. */
export interface KernelContext {
  codec: Codec;
  iopub: Iopub;
  executor: Executor;
  history: HistoryStore;
  comms: CommManager;
  stdin: Stdin;
  /** Number of the last cell that counted (store_history). */
  executionCount: number;
  /** Called after an error with stop_on_error: abort the execute requests queued behind it. */
  abortQueued(): Promise<void>;
  /** Ends the process after the reply has gone out. */
  shutdown(restart: boolean): void;
  /** Called once the first kernel_info_reply is out: a good moment to warm the compiler up. */
  onKernelInfo(): void;
}

/** A request handler: returns the reply's content, or undefined when the request has no reply. */
export type Handler = (ctx: KernelContext, msg: JupyterMessage) => Promise<Record<string, unknown> | undefined>;
