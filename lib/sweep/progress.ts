import { display, type DisplayHandle } from '../display/display';
import { DISPLAY } from '../display/mime-bundle';

/** Where a sweep stands; emitted after every change. */
export interface SweepProgress {
  total: number;
  /** Finished (ok, failed or stopped), including trials skipped because their record exists. */
  done: number;
  running: number;
  failed: number;
  stopped: number;
  skipped: number;
  elapsedMs: number;
  /** Estimated time left from the mean time per trial run so far; null before the first finishes. */
  etaMs: number | null;
}

/** Something that shows progress: the sweep calls update() on every change and end() once. */
export interface ProgressView {
  update(p: SweepProgress): void;
  end(p: SweepProgress): void;
}

function seconds(ms: number | null): string {
  if (ms === null) return '…';
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * One line of text for a terminal: a bar and the counts.
 * @param p - the progress.
 * @param width - bar width in characters. Default: 24.
 * @returns the line.
 * @example
 * progressText({ total: 8, done: 2, running: 2, failed: 0, stopped: 1, skipped: 0, elapsedMs: 4000, etaMs: 12000 })
 */
export function progressText(p: SweepProgress, width = 24): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  return `sweep [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} done, ${p.running} running, ${p.failed} failed, ${p.stopped} stopped` +
    `${p.skipped ? `, ${p.skipped} from records` : ''} · ${seconds(p.elapsedMs)}${p.done < p.total ? ` · ETA ${seconds(p.etaMs)}` : ''}`;
}

function progressHtml(p: SweepProgress): string {
  const pct = (n: number) => (p.total ? (100 * n) / p.total : 0).toFixed(1);
  const ok = p.done - p.failed - p.stopped;
  const seg = (n: number, color: string) => `<div style="width:${pct(n)}%;background:${color}"></div>`;
  return `<div style="font:12px sans-serif;max-width:480px"><div style="display:flex;height:10px;background:#eee;border-radius:3px;overflow:hidden">` +
    `${seg(ok, '#4c78a8')}${seg(p.stopped, '#f58518')}${seg(p.failed, '#e45756')}${seg(p.running, '#bab0ac')}</div>` +
    `<div>${p.done}/${p.total} done (<span style="color:#4c78a8">${ok} ok</span>, <span style="color:#f58518">${p.stopped} stopped</span>, <span style="color:#e45756">${p.failed} failed</span>), ${p.running} running` +
    `${p.skipped ? `, ${p.skipped} from records` : ''} · ${seconds(p.elapsedMs)}${p.done < p.total ? ` · ETA ${seconds(p.etaMs)}` : ''}</div></div>`;
}

const SINK_KEY = Symbol.for('feedbacklab.displaySink');

// The one place that draws progress: the general bar in lib/display replaces this when it lands.
/** The default view: an HTML bar updated in place in a notebook, a text line on stderr in a terminal. */
export function defaultProgressView(minIntervalMs = 250): ProgressView {
  const inKernel = SINK_KEY in globalThis;
  let handle: Promise<DisplayHandle> | undefined;
  let last = 0;
  const bundle = (p: SweepProgress) => ({ [DISPLAY]: () => ({ 'text/html': progressHtml(p), 'text/plain': progressText(p) }) });
  const draw = (p: SweepProgress, force: boolean) => {
    if (!force && Date.now() - last < minIntervalMs) return;
    last = Date.now();
    if (inKernel) {
      if (!handle) handle = display(bundle(p));
      else void handle.then((h) => h.update(bundle(p)));
    } else if (process.stderr.isTTY) process.stderr.write(`\r${progressText(p)}`);
  };
  return {
    update: (p) => draw(p, false),
    end: (p) => {
      draw(p, true);
      if (!inKernel && process.stderr.isTTY) process.stderr.write('\n');
    },
  };
}
