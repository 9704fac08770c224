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
  const torchSeconds = async (): Promise<{ seconds: number; cpu_seconds: number } | undefined> => {
    child.stdin!.write(JSON.stringify({ iterations }) + '\n');
    const next = await lines.next();
    if (next.done) return undefined;
    const reply = JSON.parse(next.value) as { seconds: number; cpu_seconds: number; error?: string };
    if (reply.error) console.log(`PyTorch: ${reply.error}`);
    return reply.error ? undefined : reply;
  };
  // Wall time and this process's CPU time (user + system): on a shared machine the CPU time is the
  // steadier of the two, as both sides get whatever share of a core the others leave.
  const js: { seconds: number; cpu_seconds: number }[] = [];
  const torch: { seconds: number; cpu_seconds: number }[] = [];
  console.log(`${iterations} iterations per task, ${rounds} rounds; ${backend.summary}`);
  // warm-up, not counted: first calls compile kernels on both sides
  await trainContinual(stream, { strategy: { kind: 'replay', memorySize: 2000, newDataWeight: 0.3 }, iterationsPerTask: 3, batchSize: 256, evalEvery: 1, denseAfterSwitch: 0 });
  child.stdin!.write(JSON.stringify({ iterations: 3 }) + '\n');
  await lines.next();
  for (let round = 1; round <= rounds; round++) {
    const cpu0 = process.cpuUsage();
    const run = await trainContinual(stream, { strategy: { kind: 'replay', memorySize: 2000, newDataWeight: 0.3 }, iterationsPerTask: iterations, batchSize: 256, evalEvery: 1, denseAfterSwitch: 0, seed: round });
    const cpu = process.cpuUsage(cpu0);
    run.model.dispose();
    const ours = { seconds: run.seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6 };
    js.push(ours);
    const th = await torchSeconds();
    if (th) torch.push(th);
    console.log(`round ${round}/${rounds}: feedbacklab ${ours.seconds.toFixed(1)} s (CPU ${ours.cpu_seconds.toFixed(1)} s), PyTorch ${th ? `${th.seconds.toFixed(1)} s (CPU ${th.cpu_seconds.toFixed(1)} s), speed-up ${(th.seconds / ours.seconds).toFixed(2)}× wall, ${(th.cpu_seconds / ours.cpu_seconds).toFixed(2)}× CPU` : '-'}`);
  }
  child.stdin!.end();
  const range = (xs: number[]) => (xs.length ? [Math.min(...xs), Math.max(...xs)] : null);
  const text = (r: number[] | null, d = 1) => r?.map((v) => v.toFixed(d)).join('–') ?? '-';
  const wall = torch.map((t, i) => t.seconds / js[i].seconds);
  const cpuRatio = torch.map((t, i) => t.cpu_seconds / js[i].cpu_seconds);
  const result = { iterations_per_task: iterations, rounds, feedbacklab: js, torch, speedup_wall_range: range(wall), speedup_cpu_range: range(cpuRatio), machine: `${cpus().length} cores, ${cpus()[0].model}` };
  mkdirSync(join(packageRoot(), 'reports'), { recursive: true });
  const path = join(packageRoot(), 'reports', 'bench-continual.json');
  writeFileSync(path, JSON.stringify(result, null, 2));
  console.log(`\nfeedbacklab ${text(range(js.map((r) => r.seconds)))} s (CPU ${text(range(js.map((r) => r.cpu_seconds)))} s), PyTorch ${text(range(torch.map((r) => r.seconds)))} s (CPU ${text(range(torch.map((r) => r.cpu_seconds)))} s); speed-up (PyTorch time / ours, per round) ${text(range(wall), 2)}× wall, ${text(range(cpuRatio), 2)}× CPU\nwritten to ${path}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
