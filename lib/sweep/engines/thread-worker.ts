// Entry point of one local worker thread: starts its own TF.js backend, then runs trials one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../../backend/select-backend';
import { loadBlasAddon } from '../../backend/native/load-addon';
import type { BackendName } from '../../backend/backend-report';
import type { Decision } from '../engine';
import { runTrial } from './run-trial';

/** Messages from the engine to a thread. */
export type ToThread =
  | { type: 'run'; job: Parameters<typeof runTrial>[0] }
  | { type: 'decision'; id: string; seq: number; decision: Decision };

const { backend, name, oneBlasThread } = workerData as { backend?: BackendName; name: string; oneBlasThread?: boolean };
// With several workers the sweep already uses the cores: matrix products run on one OpenBLAS
// thread each (the policy is the process's, shared by every worker). Several threads per product
// would oversubscribe the cores, and OpenBLAS serialises concurrent multi-threaded calls.
if (oneBlasThread) loadBlasAddon().addon?.threads(1, -1);
const port = parentPort!;
const decisions = new Map<number, (d: Decision) => void>();

selectBackend(backend ? { backend } : {}).then(
  (r) => port.postMessage({ type: 'ready', backend: r.backend }),
  (e: Error) => port.postMessage({ type: 'init-error', error: `${e.name}: ${e.message}` }),
);

port.on('message', (m: ToThread) => {
  if (m.type === 'decision') decisions.get(m.seq)?.(m.decision);
  else if (m.type === 'run') {
    decisions.clear();
    void runTrial(m.job, name, (msg) => port.postMessage(msg), decisions).then(() => port.postMessage({ type: 'idle' }));
  }
});
