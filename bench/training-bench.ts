// Training throughput of the library's own training loops on every available TF.js backend, next
// to the same models in PyTorch (one thread, OpenBLAS), interleaved, several rounds, medians.
// Run: npm run bench [-- --quick]. Writes reports/bench.json.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs';
import * as aq from 'arquero';
import { selectBackend } from '../lib/backend/select-backend';
import { BACKEND_ORDER, type BackendName } from '../lib/backend/backend-report';
import { fit } from '../lib/train/fit';
import { mlp } from '../lib/train/mlp';
import { rewardModel } from '../lib/reward/pair-model';
import { trainPairModel } from '../lib/reward/train-pair-model';
import { rng, normal } from '../lib/util/random';
import { packageRoot } from '../lib/util/package-root';
import { releaseWebgpu, webgpuAdapter } from '../lib/backend/webgpu-backend';

type Model = 'mlp' | 'bradley-terry';

const quick = process.argv.includes('--quick');
const rounds = quick ? 2 : 5;
// Fewer steps on the slow backends (cpu, WebGPU on a software adapter) keep the run short;
// steps/s is what is compared.
const slow = (backend: BackendName) => backend === 'cpu' || (backend === 'webgpu' && webgpuAdapter()?.software !== false);
const steps = (model: Model, backend: BackendName) => (slow(backend) ? 5 : model === 'mlp' ? (quick ? 20 : 40) : quick ? 30 : 60);
// The Python with PyTorch: Debian's by default; FEEDBACKLAB_PYTHON for another (a GPU machine's).
const python = process.env.FEEDBACKLAB_PYTHON ?? '/usr/bin/python3';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function jsStepsPerSecond(model: Model, n: number): Promise<number> {
  const r = rng(1);
  if (model === 'mlp') {
    const x = tf.tensor2d(Float32Array.from({ length: 128 * n * 784 }, () => r()), [128 * n, 784]);
    const y = tf.tensor1d(Int32Array.from({ length: 128 * n }, () => Math.floor(r() * 10)), 'int32');
    const net = mlp({ inputDim: 784, hidden: [400, 400], outputDim: 10, seed: 1 });
    await fit(net, x.slice(0, 128 * 2) as tf.Tensor2D, y.slice(0, 128 * 2) as tf.Tensor1D, { epochs: 1, batchSize: 128 }); // warm-up
    const t = performance.now();
    await fit(net, x, y, { epochs: 1, batchSize: 128, learningRate: 1e-3 });
    const s = (performance.now() - t) / 1000;
    tf.dispose([x, y]);
    net.dispose();
    return n / s;
  }
  const features = Array.from({ length: 4000 }, () => Array.from({ length: 64 }, () => normal(r)));
  const pairs = (k: number) => aq.table({ a: Array.from({ length: k }, () => Math.floor(r() * 4000)), b: Array.from({ length: k }, () => Math.floor(r() * 4000)), label: Array.from({ length: k }, () => (r() < 0.5 ? 1 : 0)) });
  const net = rewardModel(64, { hidden: [128, 128], seed: 1 });
  await trainPairModel(net, features, pairs(512), { epochs: 1, batchSize: 256, validationFraction: 0 }); // warm-up
  const data = pairs(256 * n);
  const t = performance.now();
  await trainPairModel(net, features, data, { epochs: 1, batchSize: 256, validationFraction: 0, learningRate: 3e-3 });
  const s = (performance.now() - t) / 1000;
  net.network.dispose();
  return n / s;
}

/** The PyTorch side, one long-lived process; undefined with the reason when it cannot run. */
function startTorch(): { ask: (model: Model, n: number) => Promise<number | undefined>; close: () => void; missing?: string } {
  const child = spawn(python, [join(packageRoot(), 'bench', 'torch_bench.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  let missing: string | undefined;
  child.on('error', (e) => (missing = `cannot start ${python}: ${e.message}`));
  return {
    async ask(model, n) {
      if (missing) return undefined;
      child.stdin!.write(JSON.stringify({ model, steps: n }) + '\n');
      const next = await lines.next();
      if (next.done) return undefined;
      const reply = JSON.parse(next.value) as { steps_per_s?: number; error?: string };
      if (reply.error) {
        missing = reply.error;
        return undefined;
      }
      return reply.steps_per_s;
    },
    close: () => child.stdin!.end(),
    get missing() {
      return missing;
    },
  };
}

async function main(): Promise<void> {
  const backends: BackendName[] = [];
  for (const b of BACKEND_ORDER) {
    try {
      await selectBackend({ backend: b });
      backends.push(b);
    } catch (e) {
      console.log(`skipping ${b}: ${(e as Error).message.split(': ').slice(2).join(': ') || (e as Error).message}`);
    }
  }
  const torch = startTorch();
  const results = new Map<string, { js: number[]; torch: number[] }>();
  for (let round = 1; round <= rounds; round++) {
    for (const model of ['mlp', 'bradley-terry'] as Model[]) {
      for (const backend of backends) {
        await selectBackend({ backend });
        const n = steps(model, backend);
        const js = await jsStepsPerSecond(model, n);
        const th = await torch.ask(model, model === 'mlp' ? 40 : 100);
        const key = `${model}|${backend}`;
        const entry = results.get(key) ?? { js: [], torch: [] };
        entry.js.push(js);
        if (th !== undefined) entry.torch.push(th);
        results.set(key, entry);
        console.log(`round ${round}/${rounds} ${model} on ${backend}: ${js.toFixed(1)} steps/s${th !== undefined ? `, PyTorch ${th.toFixed(1)}` : ''}`);
      }
    }
  }
  torch.close();
  releaseWebgpu();
  const training = [...results.entries()].map(([key, r]) => {
    const [model, backend] = key.split('|');
    const js = median(r.js);
    const th = r.torch.length ? median(r.torch) : null;
    return { model, backend, ...(backend === 'webgpu' ? { adapter: webgpuAdapter()?.description } : {}), steps_per_s: js, torch_steps_per_s: th, ratio: th ? js / th : null };
  });
  const root = packageRoot();
  mkdirSync(join(root, 'reports'), { recursive: true });
  const path = join(root, 'reports', 'bench.json');
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // first run
  }
  writeFileSync(path, JSON.stringify({ ...previous, training, rounds, machine: `${require('node:os').cpus().length} cores, ${require('node:os').cpus()[0].model}` }, null, 2));
  console.log(`\n${'model'.padEnd(14)} ${'backend'.padEnd(15)} ${'steps/s'.padStart(9)} ${'PyTorch'.padStart(9)} ${'ratio'.padStart(6)}`);
  for (const t of training) console.log(`${t.model.padEnd(14)} ${t.backend.padEnd(15)} ${t.steps_per_s.toFixed(1).padStart(9)} ${(t.torch_steps_per_s?.toFixed(1) ?? '-').padStart(9)} ${(t.ratio?.toFixed(2) ?? '-').padStart(6)}`);
  if (torch.missing) console.log(`\nPyTorch column empty: ${torch.missing}`);
  console.log(`\nwritten to ${path}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
