// Entry point of one local worker thread: starts its own TF.js backend, then runs trials one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../../backend/select-backend';
import type { BackendName } from '../../backend/backend-report';
import type { Decision } from '../engine';
import { runTrial } from './run-trial';

/** Messages from the engine to a thread. */
export type ToThread =
  | { type: 'run'; job: Parameters<typeof runTrial>[0] }
  | { type: 'decision'; id: string; seq: number; decision: Decision };

const { backend, name } = workerData as { backend?: BackendName; name: string };
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
