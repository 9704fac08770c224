// Runs in a worker thread so that heartbeat, control (interrupt) and stdin keep answering while
// the main thread is busy in a cell.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as zmq from 'zeromq';
import { Codec, WireError } from '../wire/codec';
import { ReplayGuard } from '../wire/replay-guard';
import { channelAddress, type ConnectionInfo } from './connection-file';
import { SendQueue } from './send-queue';
import { InputSlot, type FromWorker, type InputAnswer, type ToWorker } from './side-channels';

const { info, session, replayMemory, inputPort } = workerData as { info: ConnectionInfo; session: string; replayMemory: SharedArrayBuffer; inputPort: MessagePort };
const port = parentPort!;
const post = (m: FromWorker) => port.postMessage(m);
const log = (message: string) => post({ kind: 'log', message });
// One replay guard with the main thread: a message seen on shell is refused on control too.
const codec = new Codec(info.key, session, new ReplayGuard(replayMemory));

const hb = new zmq.Reply();
const control = new zmq.Router();
const stdin = new zmq.Router();
const controlOut = new SendQueue(control, log);
const stdinOut = new SendQueue(stdin, log);
let pendingInput: { id: number; state: Int32Array } | undefined;

function answerInput(state: 1 | 2, value = ''): void {
  if (!pendingInput) return;
  // The answer is queued on the port before the state says so: the main thread reads it at once.
  if (state === 1) inputPort.postMessage({ id: pendingInput.id, value } satisfies InputAnswer);
  Atomics.store(pendingInput.state, InputSlot.STATE, state);
  Atomics.notify(pendingInput.state, InputSlot.STATE);
  pendingInput = undefined;
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
      // SIGINT stops a busy synchronous loop (vm breakOnSigint) and pending awaits alike.
      let content: Record<string, unknown> = { status: 'ok' };
      try {
        answerInput(2);
        process.kill(process.pid, 'SIGINT');
      } catch (e) {
        content = { status: 'error', ename: 'InterruptError', evalue: (e as Error).message, traceback: [] };
      }
      await controlOut.send(codec.encode('interrupt_reply', content, msg.header, msg.identities));
      post({ kind: 'interrupted', frames });
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
  if (m.kind === 'send') {
    void (m.channel === 'control' ? controlOut : stdinOut).send(m.frames.map((f) => Buffer.from(f)));
  } else if (m.kind === 'input') {
    pendingInput = { id: m.id, state: new Int32Array(m.reply) };
    void stdinOut.send(m.frames.map((f) => Buffer.from(f)));
  } else if (m.kind === 'close') {
    // Close the sockets here, in their own thread, before the process exits.
    for (const s of [hb, control, stdin]) s.close();
    port.close();
  }
});

(async () => {
  await Promise.all([
    hb.bind(channelAddress(info, info.hb_port)),
    control.bind(channelAddress(info, info.control_port)),
    stdin.bind(channelAddress(info, info.stdin_port)),
  ]);
  post({ kind: 'ready' });
  await Promise.all([serveHeartbeat(), serveControl(), serveStdin()]);
})().catch((e) => {
  if (!(e instanceof Error && /closed|terminated/i.test(e.message))) log(`side channels stopped: ${(e as Error).message}`);
});
