import { basename, resolve } from 'node:path';
import { lineChart } from '../plot/line-chart';
import { liveChart, type LiveChart } from '../plot/show';
import { ConfigError, FeedbacklabError, describeValue, unknownKeywordMessage } from '../errors';
import { canonicalJson, configHash } from './config-hash';
import type { Engine, EngineEvent, TrialJob } from './engine';
import { createEngine, type EngineOptions } from './create-engine';
import { defaultProgressView, type ProgressView, type SweepProgress } from './progress';
import { SweepStore, corruptRecordMessage, type CorruptRecord, type TrialRecord } from './records';
import { buildResults, type SweepResults } from './results';
import type { Scheduler } from './schedulers/scheduler';
import { expandSpace, type Space, type TrialConfig } from './space';
import { resolveTrial, type TrialRef } from './trial-spec';

/** Options for {@link sweep}. */
export interface SweepOptions {
  /** The trial: an exported function of a module file, "./trial.ts", "./trial.ts#name" or { module, export }. */
  trial: TrialRef;
  /** The search space: grids (arrays, grid(), seeds()), choice(), uniform(), logUniform(), constants. */
  space: Space;
  /** Random draws per grid point when the space has random domains. Default: 1. */
  samples?: number;
  /** Seed of those draws. Default: 0. */
  seed?: number;
  /** Where trials run. Default: { kind: 'local' } (one worker thread per core). */
  engine?: EngineOptions | Engine;
  /** Stops trials early from their reports. Default: none (every trial runs to its end). */
  scheduler?: Scheduler;
  /** The sweep folder, where each finished trial is recorded. Default: sweeps/<module>-<hash of trial and space>; null keeps nothing. */
  dir?: string | null;
  /** Run again trials whose record says "failed". Default: true (failures are often fixed code). */
  retryFailed?: boolean;
  /** Progress: true for the default bar, false for none, or a function called with every change. Default: true. */
  progress?: boolean | ((p: SweepProgress) => void) | ProgressView;
  /** A reported metric to draw live, one line per trial, as reports arrive. Default: none. */
  liveChart?: string;
  /** Stops the sweep when aborted. The kernel's interrupt (SIGINT) does the same. */
  signal?: AbortSignal;
  /** Where a relative trial path and dir resolve. Default: process.cwd() (the notebook's folder in the kernel). */
  cwd?: string;
}

/** Thrown when a sweep is interrupted; finished trials are kept in the folder and in `results`. */
export class SweepInterrupted extends FeedbacklabError {
  constructor(readonly results: SweepResults) {
    super(`sweep interrupted: ${results.trials.numRows()} trials finished and are kept${results.dir ? ` in ${results.dir}` : ''}; run the same sweep again to run the rest.`);
  }
}

const OPTION_NAMES = ['trial', 'space', 'samples', 'seed', 'engine', 'scheduler', 'dir', 'retryFailed', 'progress', 'liveChart', 'signal', 'cwd'];

function progressView(p: SweepOptions['progress']): ProgressView | undefined {
  if (p === false) return undefined;
  if (p === undefined || p === true) return defaultProgressView();
  if (typeof p === 'function') return { update: p, end: p };
  return p;
}

function isEngine(e: unknown): e is Engine {
  return typeof e === 'object' && e !== null && typeof (e as Engine).submit === 'function' && typeof (e as Engine).events === 'function';
}

/**
 * Runs a trial function over a search space, several trials at once, and gathers the results.
 * Trials run in workers (threads here by default, or `feedbacklab worker` processes through
 * BullMQ), so the trial is an exported function of a module file, called as
 * `trial(config, { report, signal })`; `await report(step, metrics)` sends intermediate values
 * (a scheduler may stop the trial there) and the return value is the final metrics (numbers,
 * strings, or arquero tables). A trial's exception, NaN metric or crash is recorded and the
 * sweep goes on. Each finished trial is written to the sweep folder as it ends, keyed by a hash of
 * its config, so running the same sweep again (after a kernel restart) runs only what is missing;
 * corrupt records are reported and run again. Interrupting stops the workers and keeps what finished.
 * @param options - see {@link SweepOptions}.
 * @returns `trials` (config columns, final metrics, status, seconds, worker), `reports` (trial,
 *   config columns, step, metric, value), the returned tables, and the folder.
 * @throws ConfigError when the trial is a function or its module/export cannot be loaded, the
 *   space is bad, or an option is unknown; SweepInterrupted when interrupted.
 * @example
 * const r = await sweep({ trial: './trial.ts', space: { lr: [1e-3, 1e-2], seed: seeds(3) }, engine: { kind: 'local', workers: 2 } });
 * r.trials
 */
export async function sweep(options: SweepOptions): Promise<SweepResults> {
  for (const k of Object.keys(options)) if (!OPTION_NAMES.includes(k)) throw new ConfigError(unknownKeywordMessage('sweep', 'option', k, OPTION_NAMES));
  const cwd = options.cwd ?? process.cwd();
  const trial = resolveTrial(options.trial, cwd);
  const configs = expandSpace(options.space, { samples: options.samples, seed: options.seed });
  const ids = configs.map(configHash);
  const byId = new Map(ids.map((id, i) => [id, configs[i]] as [string, TrialConfig]));
  const name = `${basename(trial.module).replace(/\.[^.]+$/, '')}-${configHash({ t: `${basename(trial.module)}#${trial.export}`, s: canonicalJson(configs) } as never).slice(0, 8)}`;
  const dir = options.dir === null ? null : resolve(cwd, options.dir ?? `sweeps/${name}`);
  const store = dir ? new SweepStore(dir) : undefined;
  const records = new Map<string, TrialRecord>();
  const corrupt: CorruptRecord[] = [];
  if (store) {
    const found = store.readAll();
    for (const c of found.corrupt) {
      corrupt.push(c);
      console.warn(corruptRecordMessage(c));
    }
    for (const [id, r] of found.records) if (byId.has(id) && (r.status !== 'failed' || options.retryFailed === false)) records.set(id, r);
    store.writeManifest({ trial, trials: ids.length, space: options.space, samples: options.samples ?? 1, seed: options.seed ?? 0 });
  }
  const scheduler = options.scheduler;
  // The scheduler learns from recorded trials as if they had just run.
  for (const id of ids) {
    const r = records.get(id);
    if (!r || !scheduler) continue;
    for (const rep of r.reports) scheduler.onResult(id, rep);
    scheduler.onComplete(id, r.status);
  }
  const skipped = records.size;
  const pending = ids.filter((id) => !records.has(id));
  const view = progressView(options.progress);
  const t0 = Date.now();
  const running = new Set<string>();
  let ran = 0;
  const progress = (): SweepProgress => {
    const all = [...records.values()];
    const left = ids.length - records.size;
    const perTrial = ran ? (Date.now() - t0) / ran : null;
    return { total: ids.length, done: records.size, running: running.size, failed: all.filter((r) => r.status === 'failed').length, stopped: all.filter((r) => r.status === 'stopped').length, skipped, elapsedMs: Date.now() - t0, etaMs: perTrial === null ? null : (perTrial * left) };
  };
  const results = () => buildResults(ids, records, { dir, skipped, corrupt });
  view?.update(progress());
  if (pending.length === 0) {
    view?.end(progress());
    return results();
  }
  if (options.engine !== undefined && !isEngine(options.engine) && typeof options.engine !== 'object') throw new ConfigError(`sweep: engine is ${describeValue(options.engine)}: expected { kind: 'local' }, { kind: 'bullmq', connection }, or an Engine.`);
  const engine = isEngine(options.engine) ? options.engine : await createEngine(options.engine ?? { kind: 'local' });
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    void engine.close();
  };
  const onSigint = () => stop();
  process.on('SIGINT', onSigint);
  options.signal?.addEventListener('abort', stop);
  const reports = new Map<string, TrialRecord['reports']>();
  const chartMetric = options.liveChart;
  // Name a trial in the chart by the config values that vary across the sweep.
  const varying = Object.keys(configs[0] ?? {}).filter((k) => new Set(configs.map((c) => JSON.stringify(c[k]))).size > 1);
  const label = (id: string) => varying.map((k) => `${k} ${byId.get(id)![k]}`).join(', ') || id;
  const chartRows: { trial: string; step: number; value: number }[] = [];
  let chart: Promise<LiveChart> | undefined;
  const drawChart = (id: string, step: number, metrics: Record<string, number>) => {
    if (chartMetric === undefined || typeof metrics[chartMetric] !== 'number') return;
    chartRows.push({ trial: label(id), step, value: metrics[chartMetric] });
    const c = lineChart(chartRows, { x: 'step', y: 'value', series: 'trial', yTitle: chartMetric, title: `${chartMetric} of each trial` });
    chart = chart ? chart.then(async (live) => (await live.update(c), live)) : liveChart(c);
  };
  const workers = new Map<string, string>();
  let unloadable: string | undefined;
  try {
    if (options.signal?.aborted) stop();
    for (const id of pending) engine.submit({ id, trial, config: byId.get(id)! } satisfies TrialJob);
    for await (const e of engine.events() as AsyncIterable<EngineEvent>) {
      if (!byId.has(e.id) || records.has(e.id)) {
        if (e.kind === 'report') e.reply('stop'); // a duplicate of a trial already recorded
        continue;
      }
      if (e.kind === 'started') {
        running.add(e.id);
        workers.set(e.id, e.worker);
      } else if (e.kind === 'report') {
        const list = reports.get(e.id) ?? [];
        reports.set(e.id, list);
        // A retried trial reports its first steps again: keep one report per step.
        if (list.length && e.step <= list[list.length - 1].step) {
          e.reply('continue');
          continue;
        }
        list.push({ step: e.step, metrics: e.metrics });
        drawChart(e.id, e.step, e.metrics);
        const decision = scheduler ? scheduler.onResult(e.id, { step: e.step, metrics: e.metrics }) : 'continue';
        e.reply(decision);
      } else if (e.kind === 'unloadable') {
        unloadable = e.error;
        break;
      } else {
        const config = byId.get(e.id)!;
        const stopRecord = scheduler?.whyStopped(e.id);
        const record: TrialRecord = e.kind === 'finished'
          ? { id: e.id, config, status: e.status, metrics: e.metrics, reports: reports.get(e.id) ?? [], seconds: e.seconds, worker: e.worker, ...(e.status === 'stopped' && stopRecord ? { stop: stopRecord } : {}) }
          : { id: e.id, config, status: 'failed', metrics: {}, reports: reports.get(e.id) ?? [], seconds: e.seconds, worker: e.worker, error: e.error };
        records.set(e.id, record);
        store?.write(record);
        running.delete(e.id);
        ran++;
        scheduler?.onComplete(e.id, record.status);
        if (records.size === ids.length) break;
      }
      view?.update(progress());
    }
  } finally {
    process.off('SIGINT', onSigint);
    options.signal?.removeEventListener('abort', stop);
    await engine.close();
    view?.end(progress());
    if (chart) await (await chart).flush();
  }
  if (unloadable) throw new ConfigError(`sweep: the trial cannot be loaded in a worker: ${unloadable}`);
  if (interrupted || records.size < ids.length) throw new SweepInterrupted(results());
  return results();
}
