import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { installSink } from '../lib/display/display-sink';
import { Iopub } from './display/iopub';
import { StreamBatch } from './display/stream-batch';
import { allowTerminatedCallbacks } from './execution/allow-terminated-callbacks';
import { guardProcessExit } from './execution/system-exit';
import { InterruptState, Phase } from './sockets/interrupt-state';
import { HeapGuard } from './execution/heap-guard';
import { loadKernelAddon } from './execution/kernel-addon';
import { cellRunner } from './execution/cell-runner';
import { kernelSink } from './display/kernel-sink';
import { captureStreams } from './display/streams';
import { collectGarbage } from './execution/collect-garbage';
import { Executor } from './execution/executor';
import { Stdin, STDIN_DECLARATIONS } from './execution/stdin';
import { createTypeScriptHost, type TypeScriptHost } from './execution/typescript-host';
import { CommManager } from './protocol/comm-manager';
import { Dispatcher } from './protocol/dispatch';
import { CONTROL_HANDLERS, SHELL_HANDLERS } from './protocol/handlers';
import { HistoryStore } from './protocol/history-store';
import type { KernelContext } from './protocol/kernel-context';
import { channelAddress, readConnectionFile } from './sockets/connection-file';
import { log } from './sockets/log';
import { SendQueue } from './sockets/send-queue';
import { IopubFlow, type FromWorker, type ToWorker } from './sockets/side-channels';
import { Codec } from './wire/codec';
import { ReplayGuard } from './wire/replay-guard';
import type { JupyterMessage } from './wire/message';

/**
 * Starts the kernel on a connection file: shell and iopub here, heartbeat, control and stdin
 * in a worker thread. Resolves when the sockets are bound.
 */
export async function startKernel(connectionFile: string): Promise<void> {
  const info = readConnectionFile(connectionFile);
  const replayGuard = new ReplayGuard();
  const codec = new Codec(info.key, undefined, replayGuard);
  // Control messages reach this thread after the worker has refused replays on the shared guard.
  const controlCodec = new Codec(info.key, codec.session, { admit: () => true });
  const shell = new zmq.Router();
  const shellOut = new SendQueue(shell, log);

  const input = new MessageChannel();
  const iopubFlow = new SharedArrayBuffer(IopubFlow.SIZE);
  const streamBatch = new StreamBatch();
  const interrupts = new InterruptState();
  const addon = loadKernelAddon();
  const heapGuard = new HeapGuard(addon);
  if (heapGuard.unarmed) log(heapGuard.unarmed);
  // An interrupted cell may have been stopped inside a print, holding the stream batch's lock.
  const runner = cellRunner(addon.addon, () => streamBatch.recover());
  if (!addon.addon) log(`cells are interrupted with SIGINT (vm's watchdog thread, slower): the kernel's addon is ${addon.reason}`);
  allowTerminatedCallbacks();
  input.port1.unref();
  const worker = new Worker(join(__dirname, 'sockets', 'side-channels-worker.js'), {
    workerData: { info, session: codec.session, replayMemory: replayGuard.memory, inputPort: input.port2, iopubFlow, streamMemory: streamBatch.memory, interruptMemory: interrupts.memory, heapMemory: heapGuard.memory, heapWakeFd: heapGuard.wakeFd, epoch: interrupts.epoch, interruptBy: runner.stoppedBy },
    transferList: [input.port2],
  });
  const post = (m: ToWorker, transfer?: ArrayBuffer[]) => worker.postMessage(m, transfer);
  const iopub = new Iopub(codec, post, iopubFlow, streamBatch);
  const workerReady = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromWorker) => m.kind === 'ready' && resolve());
    worker.once('error', reject);
  });
  const cwd = process.cwd();
  let host: TypeScriptHost | undefined;
  const getHost = () => {
    if (!host) {
      const t0 = Date.now();
      const h = (host = createTypeScriptHost(cwd));
      for (const note of h.notes) log(note);
      log(h.snapshotNote);
      // In small steps, so that requests are answered meanwhile; each step is kernel code,
      // which an interrupt never terminates.
      const asKernel = <T>(step: () => T): T => {
        const phase = interrupts.phase;
        interrupts.phase = Phase.KERNEL;
        try {
          return step();
        } finally {
          if (phase === Phase.IDLE) interrupts.goIdle();
          else interrupts.phase = phase;
        }
      };
      void h.warmUp(asKernel).then((notes) => {
        for (const note of notes) log(note);
        asKernel(collectGarbage);
        log(`TypeScript ready in ${Date.now() - t0} ms`);
      });
    }
    return host;
  };
  const executor = new Executor(getHost, cwd, STDIN_DECLARATIONS, interrupts, heapGuard, runner);
  const stdin = new Stdin(codec, post, input.port1);
  const warm = () => setImmediate(getHost);

  const ctx: KernelContext = {
    codec,
    iopub,
    executor,
    history: new HistoryStore(),
    comms: new CommManager(iopub),
    stdin,
    executionCount: 0,
    abortQueued: () => shellDispatch.abortQueued(),
    shutdown: (restart) => {
      log(`shutting down${restart ? ' for a restart' : ''}`);
      setTimeout(() => {
        const done = () => {
          shell.close();
          exit(0);
        };
        iopub.flush();
        worker.once('exit', done);
        post({ kind: 'close' });
        setTimeout(done, 1000).unref();
      }, 100);
    },
    onKernelInfo: warm,
  };
  const shellDispatch = new Dispatcher(ctx, SHELL_HANDLERS, (msg: JupyterMessage, type, content) => {
    void shellOut.send(codec.encode(type, content, msg.header, msg.identities));
  }, 'shell', codec, interrupts);
  const controlDispatch = new Dispatcher(ctx, CONTROL_HANDLERS, (msg: JupyterMessage, type, content) => {
    post({ kind: 'send', channel: 'control', frames: codec.encode(type, content, msg.header, msg.identities) });
  }, 'control', controlCodec);

  worker.on('message', (m: FromWorker) => {
    if (m.kind === 'control') controlDispatch.push(m.frames.map((f) => Buffer.from(f)));
    else if (m.kind === 'log') log(m.message);
    else if (m.kind === 'interrupt') {
      // If the worker terminated a busy callback, it may have held the stream batch's lock.
      streamBatch.recover();
      executor.interrupt();
      interrupts.acknowledge();
    }
  });
  worker.on('error', (e) => log(`side-channel worker failed: ${e.stack ?? e.message}`));

  process.on('SIGINT', () => {
    // The worker's own SIGINT counts only while its interrupt waits; it may land after the cell.
    if (!interrupts.signalSeen() || interrupts.pending) executor.interrupt();
  });
  process.on('unhandledRejection', (reason) => reportAsync('Unhandled promise rejection', reason));
  process.on('uncaughtException', (e) => reportAsync('Uncaught exception', e));
  function reportAsync(what: string, e: unknown): void {
    const text = e instanceof Error ? e.stack ?? e.message : String(e);
    iopub.stream('stderr', `${what} (reported, the kernel keeps running):\n${text}\n`);
  }

  const exit = guardProcessExit();
  captureStreams(iopub);
  installSink(kernelSink(iopub));
  // Cells reach earlier cells' names through the locals object, so these live there too.
  executor.define('input', (p?: string, o?: { password?: boolean }) => stdin.input(p, o));
  executor.define('prompt', (p?: string) => stdin.prompt(p));

  await Promise.all([shell.bind(channelAddress(info, info.shell_port)), workerReady]);
  iopub.status('starting', {});
  // The compiler gets ready while the client connects, in steps short enough that kernel_info
  // and the first requests are answered in between (the first cell comes right after them).
  warm();
  (async () => {
    for await (const [...frames] of shell) shellDispatch.push(frames as Buffer[]);
  })().catch((e) => log(`shell loop ended: ${(e as Error).message}`));
}
