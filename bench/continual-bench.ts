// The continual loop at the paper's settings (Split Fashion-MNIST 5 × 2 classes, MLP 2×400, SGD
// with momentum, batch 256 + 256 replayed from a 2000-example reservoir, evaluation of every seen
// task after every iteration on 1000 test images each) in trainContinual and in PyTorch on one
// thread, interleaved, several rounds. Run: npm run bench:continual [-- --iterations N --rounds R].
// Writes reports/bench-continual.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { selectBackend } from '../lib/backend/select-backend';
import { splitByClass } from '../lib/continual/task-stream';
import { trainContinual } from '../lib/continual/train-continual';
import { loadFashionMnist } from '../lib/data/fashion-mnist';
import { packageRoot } from '../lib/util/package-root';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const iterations = arg('--iterations', 470);
const rounds = arg('--rounds', 3);
const python = process.env.FEEDBACKLAB_PYTHON ?? '/usr/bin/python3';

async function main(): Promise<void> {
  const backend = await selectBackend();
  const stream = splitByClass(loadFashionMnist('train'), loadFashionMnist('test'), { classesPerTask: 2, testPerTask: 1000 });
  const child = spawn(python, [join(packageRoot(), 'bench', 'torch_continual.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const torchSeconds = async (): Promise<number | undefined> => {
    child.stdin!.write(JSON.stringify({ iterations }) + '\n');
    const next = await lines.next();
    if (next.done) return undefined;
    const reply = JSON.parse(next.value) as { seconds?: number; error?: string };
    if (reply.error) console.log(`PyTorch: ${reply.error}`);
    return reply.seconds;
  };
  const js: number[] = [];
  const torch: number[] = [];
  console.log(`${iterations} iterations per task, ${rounds} rounds; ${backend.summary}`);
  for (let round = 1; round <= rounds; round++) {
    const run = await trainContinual(stream, { strategy: { kind: 'replay', memorySize: 2000, newDataWeight: 0.3 }, iterationsPerTask: iterations, batchSize: 256, evalEvery: 1, denseAfterSwitch: 0, seed: round });
    run.model.dispose();
    js.push(run.seconds);
    const th = await torchSeconds();
    if (th !== undefined) torch.push(th);
    console.log(`round ${round}/${rounds}: feedbacklab ${run.seconds.toFixed(1)} s, PyTorch ${th?.toFixed(1) ?? '-'} s${th ? `, ratio ${(th / run.seconds).toFixed(2)}×` : ''}`);
  }
  child.stdin!.end();
  const range = (xs: number[]) => (xs.length ? [Math.min(...xs), Math.max(...xs)] : null);
  const ratios = torch.map((t, i) => t / js[i]);
  const result = { iterations_per_task: iterations, rounds, feedbacklab_seconds: js, torch_seconds: torch, feedbacklab_range: range(js), torch_range: range(torch), speedup_range: range(ratios), machine: `${cpus().length} cores, ${cpus()[0].model}` };
  mkdirSync(join(packageRoot(), 'reports'), { recursive: true });
  const path = join(packageRoot(), 'reports', 'bench-continual.json');
  writeFileSync(path, JSON.stringify(result, null, 2));
  console.log(`\nfeedbacklab ${range(js)?.map((v) => v.toFixed(1)).join('–')} s, PyTorch ${range(torch)?.map((v) => v.toFixed(1)).join('–') ?? '-'} s, speed-up ${range(ratios)?.map((v) => v.toFixed(2)).join('–') ?? '-'}× (PyTorch time / ours, per round)\nwritten to ${path}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
