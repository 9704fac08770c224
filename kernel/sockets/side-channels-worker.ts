// Runs in a worker thread so that heartbeat, control (interrupt) and stdin keep answering while
// the main thread is busy in a cell.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { Codec, WireError } from '../wire/codec';
import type { MessageHeader } from '../wire/message';
import { ReplayGuard } from '../wire/replay-guard';
import { channelAddress, type ConnectionInfo } from './connection-file';
import { SendQueue } from './send-queue';
import { IOPUB_BATCH } from '../display/iopub';
import { StreamBatch } from '../display/stream-batch';
import { unpackFrames } from './frame-pack';
import { InterruptState, Phase } from './interrupt-state';
import { HeapFatal, HeapSlot, OUT_OF_MEMORY_HINT } from '../execution/heap-guard';
import { loadKernelAddon, type KernelAddon } from '../execution/kernel-addon';
import type { CellRunner } from '../execution/cell-runner';
import { Session } from 'node:inspector';
import { Socket } from 'node:net';
import { writeSync } from 'node:fs';
import { watchParent } from '../protocol/parent-watch';
import { InputSlot, IopubFlow, type FromWorker, type InputAnswer, type ToWorker } from './side-channels';

interface WorkerData {
  info: ConnectionInfo;
  session: string;
  replayMemory: SharedArrayBuffer;
  inputPort: MessagePort;
  iopubFlow: SharedArrayBuffer;
  streamMemory: SharedArrayBuffer;
  interruptMemory: SharedArrayBuffer;
  heapMemory: SharedArrayBuffer;
  /** The heap guard's wake-up pipe (absent when the guard is not armed: nothing to watch). */
  heapWakeFd?: number;
  epoch: number;
  /** How the main thread's cell runner is stopped. */
  interruptBy: CellRunner['stoppedBy'];
}
const { info, session, replayMemory, inputPort, iopubFlow, streamMemory, interruptMemory, heapMemory, heapWakeFd, epoch, interruptBy } = workerData as WorkerData;
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const log = (message: string) => post({ kind: 'log', message });
// One replay guard with the main thread: a message seen on shell is refused on control too.
const codec = new Codec(info.key, session, new ReplayGuard(replayMemory));

const hb = new zmq.Reply();
const control = new zmq.Router();
const stdin = new zmq.Router();
// noDrop: at the high-water mark a send waits for the subscriber instead of dropping silently.
// XPUB, to hear each client subscribe (welcomeSubscribers).
const iopub = new zmq.XPublisher({ noDrop: true });
iopub.verbosity = 'allSubs';
const flow = new Int32Array(iopubFlow);
const iopubOut = new SendQueue(iopub, log);
const streams = new StreamBatch(streamMemory, 2);
const interrupts = new InterruptState(interruptMemory, epoch);
let parent: Partial<MessageHeader> = {};
let closing = false;
const controlOut = new SendQueue(control, log);
const stdinOut = new SendQueue(stdin, log);
let pendingInput: { id: number; state: Int32Array } | undefined;

/** @returns whether a cell was waiting for this answer. */
function answerInput(state: 1 | 2, value = ''): boolean {
  if (!pendingInput) return false;
  // The answer is queued on the port before the state says so: the main thread reads it at once.
  if (state === 1) inputPort.postMessage({ id: pendingInput.id, value } satisfies InputAnswer);
  Atomics.store(pendingInput.state, InputSlot.STATE, state);
  Atomics.notify(pendingInput.state, InputSlot.STATE);
  pendingInput = undefined;
  return true;
}

let cellAddon: KernelAddon | undefined;
if (interruptBy === 'addon') {
  const loaded = loadKernelAddon();
  cellAddon = loaded.addon;
  if (!cellAddon) log(`interrupt: the kernel's addon is ${loaded.reason} in the side-channel worker; synchronous cell code cannot be stopped`);
}

/** Stops the main thread's synchronous cell code, as its cell runner allows. */
function stopSync(): void {
  if (interruptBy === 'signal') signalWhileSync();
  else stopThroughAddon();
}

/**
 * Through the addon. Between taking the phase and entering the addon's run the cell is not
 * stoppable yet: tried again while the same cell still runs with the interrupt pending.
 */
function stopThroughAddon(): void {
  if (!cellAddon || cellAddon.interrupt()) return;
  setTimeout(() => {
    if (interrupts.phase === Phase.USER_SYNC && interrupts.pending) stopThroughAddon();
  }, 1);
}

/**
 * SIGINT for synchronous cell code; sent again while the same cell still runs with the
 * interrupt pending (a signal just before vm's watchdog started is not seen by it).
 */
function signalWhileSync(): void {
  interrupts.signalSent();
  process.kill(process.pid, 'SIGINT');
  setTimeout(() => {
    if (interrupts.phase === Phase.USER_SYNC && interrupts.pending) signalWhileSync();
  }, RESPONSIVE_MS);
}

/** How long the main thread may stay from its event loop in a cell's callbacks before they are terminated. */
const RESPONSIVE_MS = 100;
let inspector: Session | undefined;

/**
 * Interrupts the main thread. A cell waiting for input is answered "interrupted" (no signal
 * that could land in the next cell); synchronous cell code is stopped through the addon (or gets
 * SIGINT, vm's breakOnSigint, without it);
 * otherwise the main thread is told, and if it does not answer, its running code — a loop
 * after an await or in a timer — is terminated through an inspector session.
 */
function interruptMain(): void {
  if (answerInput(2)) return;
  const phase = interrupts.request();
  if (phase === Phase.USER_SYNC) {
    stopSync();
    return;
  }
  if (phase === Phase.KERNEL) return; // the cell about to run takes the pending interrupt
  const acknowledged = interrupts.acknowledged;
  post({ kind: 'interrupt' });
  // A main thread that turns its event loop handles the message within a millisecond or two.
  // One that has not within RESPONSIVE_MS is held by a cell's callback (a loop after an await or
  // in a timer): terminate only that, never kernel code (the phase), and only while the
  // message is still unanswered. Waited for by a timer, not a poll: nothing runs while idle.
  setTimeout(() => {
    const phase = interrupts.phase;
    if (interrupts.acknowledged !== acknowledged || (phase !== Phase.USER_ASYNC && phase !== Phase.IDLE)) return;
    if (!inspector) {
      inspector = new Session();
      inspector.connectToMainThread();
    }
    log('interrupt: the main thread is busy outside a cell\'s synchronous code; terminating what it runs');
    interrupts.clear(); // spent on what is terminated, not on the next cell
    inspector.post('Runtime.terminateExecution', (e) => e && log(`interrupt: terminateExecution failed: ${e.message}`));
  }, RESPONSIVE_MS);
}

const heap = new Int32Array(heapMemory);
let nearLimitSeen = 0;
let fatalPublished = false;

/**
 * Reads the heap guard's slots (kernel/execution/heap-guard) when its pipe says one changed:
 * near the limit, the running cell is stopped as an interrupt would stop it; once the heap is
 * exhausted (code that never yields, such as a builtin), the error and idle go out before the
 * process ends.
 */
function watchHeap(): void {
  const near = Atomics.load(heap, HeapSlot.NEAR_LIMIT);
  if (near !== nearLimitSeen) {
    nearLimitSeen = near;
    const phase = interrupts.phase;
    log(`the heap came near its limit (${Atomics.load(heap, HeapSlot.LIMIT_MIB)} MiB)${phase === Phase.USER_SYNC || phase === Phase.USER_ASYNC ? ': stopping the running cell' : ''}`);
    if (phase === Phase.USER_SYNC || phase === Phase.USER_ASYNC) interruptMain();
  }
  if (!fatalPublished && Atomics.load(heap, HeapSlot.FATAL) === HeapFatal.DYING) {
    fatalPublished = true;
    const limit = Atomics.load(heap, HeapSlot.LIMIT_MIB);
    const evalue = `JavaScript heap out of memory (limit ${limit} MiB)`;
    const traceback = [`OutOfMemoryError: ${evalue}, in code that could not be stopped: the kernel process ends and Jupyter restarts it; variables are lost.`, OUT_OF_MEMORY_HINT];
    const sent = [publish('error', { ename: 'OutOfMemoryError', evalue, traceback }, parent), publish('status', { execution_state: 'idle' }, parent)];
    void Promise.all(sent).finally(() => Atomics.store(heap, HeapSlot.FATAL, HeapFatal.PUBLISHED));
  }
}
if (heapWakeFd !== undefined) {
  const wake = new Socket({ fd: heapWakeFd, readable: true, writable: false });
  wake.on('data', watchHeap);
  wake.on('error', (e) => log(`heap guard: its wake-up pipe failed (${e.message}); a cell that exhausts memory may end the kernel unreported`));
  wake.unref();
}

// The client that started the kernel is gone: end the process, also while a cell keeps the
// main thread busy (SIGTERM's default action; there is no one left to tell). Written to the
// log directly: the main thread, which forwards the worker's output, may be the busy one.
watchParent((pid) => {
  writeSync(2, `[feedbacklab] the process that started the kernel (pid ${pid}) has exited: ending the kernel\n`);
  process.kill(process.pid, 'SIGTERM');
});

/**
 * Publishes a message of the worker's own: batched stream text, the status around an interrupt,
 * an out-of-memory error, a welcome.
 * @returns when it is handed to ZeroMQ.
 */
function publish(msgType: string, content: unknown, parentHeader: Partial<MessageHeader>, topic = `kernel.${session}.${msgType}`): Promise<void> {
  return iopubOut.send(codec.encode(msgType, content, parentHeader, [Buffer.from(topic)]));
}

/** Sends a message the main thread posted and counts it once ZeroMQ has it (back-pressure). */
function sendPosted(frames: Buffer[]): void {
  void iopubOut.send(frames).finally(() => {
    Atomics.add(flow, IopubFlow.SENT, 1);
    Atomics.notify(flow, IopubFlow.SENT);
  });
}

/** Sends the stream text a cell printed every few ms, also while the cell blocks the main thread. */
async function flushStreams(): Promise<void> {
  while (!closing) {
    await streams.whenFilled();
    await new Promise((r) => setTimeout(r, IOPUB_BATCH.maxAgeMs));
    const text = streams.take(flow);
    if (text) void publish('stream', text, parent);
  }
}

/**
 * Greets each subscriber with `iopub_welcome` (JEP 65), so that it knows its subscription is
 * live: a client that misses the kernel_info's status messages, published before its
 * subscription arrived, would otherwise wait (jupyter_client: 0.2 s) and start over.
 */
async function welcomeSubscribers(): Promise<void> {
  for await (const [frame] of iopub) {
    if (frame[0] !== 1) continue; // an unsubscription
    const topic = frame.subarray(1).toString('utf8');
    // On the subscription's own topic, so that a client subscribed to one topic gets it too.
    void publish('iopub_welcome', { subscription: topic }, {}, topic || undefined);
  }
}

async function serveHeartbeat(): Promise<void> {
  for await (const frames of hb) await hb.send(frames);
}

async function serveControl(): Promise<void> {
  for await (const frames of control) {
    let msg;
    try {
      msg = codec.decode(frames);
    } catch (e) {
      log(`control: dropped a message: ${e instanceof WireError ? e.message : String(e)}`);
      continue;
    }
    if (msg.header.msg_type === 'interrupt_request') {
      let content: Record<string, unknown> = { status: 'ok' };
      try {
        interruptMain();
      } catch (e) {
        content = { status: 'error', ename: 'InterruptError', evalue: (e as Error).message, traceback: [] };
      }
      await controlOut.send(codec.encode('interrupt_reply', content, msg.header, msg.identities));
      void publish('status', { execution_state: 'busy' }, msg.header);
      void publish('status', { execution_state: 'idle' }, msg.header);
      continue;
    }
    post({ kind: 'control', frames });
  }
}

async function serveStdin(): Promise<void> {
  for await (const frames of stdin) {
    try {
      const msg = codec.decode(frames);
      if (msg.header.msg_type !== 'input_reply') {
        log(`stdin: ignored ${msg.header.msg_type}`);
        continue;
      }
      answerInput(1, String((msg.content as { value?: unknown }).value ?? ''));
    } catch (e) {
      log(`stdin: dropped a message: ${(e as Error).message}`);
    }
  }
}

port.on('message', (m: ToWorker) => {
  if (m.kind === 'iopub' || m.kind === 'parent') {
    if (m.kind === 'iopub') sendPosted(unpackFrames(m.packed));
    else {
      parent = m.header;
      // Counted as sent at once; and said, or a writer waiting on the count sleeps out its
      // 50 ms timeout (the tail of 1+1 round trips).
      Atomics.add(flow, IopubFlow.SENT, 1);
      Atomics.notify(flow, IopubFlow.SENT);
    }
    Atomics.add(flow, IopubFlow.PROCESSED, 1);
  } else if (m.kind === 'send') {
    void (m.channel === 'control' ? controlOut : stdinOut).send(m.frames.map((f) => Buffer.from(f)));
  } else if (m.kind === 'input') {
    pendingInput = { id: m.id, state: new Int32Array(m.reply) };
    void stdinOut.send(m.frames.map((f) => Buffer.from(f)));
  } else if (m.kind === 'close') {
    // Close the sockets here, in their own thread, once iopub has sent what it was given.
    closing = true;
    void iopubOut.idle().finally(() => {
      for (const s of [hb, control, stdin, iopub]) s.close();
      port.close();
    });
  }
});

(async () => {
  await Promise.all([
    hb.bind(channelAddress(info, info.hb_port)),
    control.bind(channelAddress(info, info.control_port)),
    stdin.bind(channelAddress(info, info.stdin_port)),
    iopub.bind(channelAddress(info, info.iopub_port)),
  ]);
  post({ kind: 'ready' });
  await Promise.all([serveHeartbeat(), serveControl(), serveStdin(), flushStreams(), welcomeSubscribers()]);
})().catch((e) => {
  if (!(e instanceof Error && /closed|terminated/i.test(e.message))) log(`side channels stopped: ${(e as Error).message}`);
});
