import { ConfigError, unknownKeywordMessage } from '../errors';
import { currentSink, hasInstalledSink } from './display-sink';
import { progressHtml, progressText, type ProgressState } from './progress-render';

/** Where a progress bar draws. */
export type ProgressTarget = 'auto' | 'html' | 'tty' | 'lines';
const TARGETS: readonly ProgressTarget[] = ['auto', 'html', 'tty', 'lines'];

/** Options for {@link progressBar}. */
export interface ProgressBarOptions {
  /** Items in all (epochs, trials, samples). */
  total: number;
  /** Shown before the bar. Default: none. */
  label?: string;
  /** False draws nothing (every method still works). Default: true, unless the environment variable FEEDBACKLAB_PROGRESS is "0". */
  enabled?: boolean;
  /**
   * "html": a live HTML bar in the notebook (display + update_display_data); "tty": one line
   * redrawn in place; "lines": one plain line per draw (logs, CI); "auto": html inside the
   * kernel, else tty when the stream is a terminal, else lines. Default: "auto".
   */
  target?: ProgressTarget;
  /** Draw at most this often, in ms; the final `done()` always draws. Default: 150 (html, tty), 2000 (lines). */
  minIntervalMs?: number;
  /** Text output for "tty" and "lines". Default: process.stderr. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Characters of the text bar. Default: 24. */
  width?: number;
  /** Clock in ms, for tests and replays. Default: Date.now. */
  now?: () => number;
}

/** Counts besides `done`, and free text; each keeps its last value when left out. */
export interface ProgressExtra {
  running?: number;
  failed?: number;
  stopped?: number;
  /** Free text after the counts, e.g. "loss 0.213". */
  message?: string;
}

/** A progress bar from {@link progressBar}. */
export interface ProgressBar {
  /** Sets the number of items done (successfully) and, optionally, the other counts. */
  update(done: number, extra?: ProgressExtra): void;
  /** Adds `n` (default 1) to done. */
  tick(n?: number, extra?: ProgressExtra): void;
  /** Draws the final state (always) and ends the bar; later calls do nothing. */
  done(extra?: ProgressExtra): Promise<void>;
  /** The current state (a copy). */
  state(): ProgressState;
  /** How many times the bar was drawn: at most one per `minIntervalMs`, plus the final one. */
  readonly draws: number;
}

/** Chooses the target "auto" stands for. */
function resolveTarget(target: ProgressTarget, stream: { isTTY?: boolean }): Exclude<ProgressTarget, 'auto'> {
  if (target !== 'auto') return target;
  if (hasInstalledSink()) return 'html';
  return stream.isTTY ? 'tty' : 'lines';
}

let nextBar = 0;

/**
 * A progress bar for long work: a live HTML bar in a notebook, a text bar on stderr in a
 * terminal (redrawn in place; plain lines when stderr is not a terminal). Shows done / running /
 * failed / stopped counts, elapsed time and the ETA at the average pace so far. Draws are
 * throttled (at most every `minIntervalMs`, with a trailing draw of the last state), so calling
 * `update` thousands of times is cheap.
 * @param options - total, label, target, throttle; see {@link ProgressBarOptions}.
 * @returns the bar; call `done()` at the end so the final state is drawn.
 * @throws ConfigError when total is not a non-negative integer or target is unknown.
 * @example
 * const bar = progressBar({ total: 20, label: 'epochs' });
 * for (let e = 0; e < 20; e++) { await step(); bar.tick(1, { message: `loss ${loss.toFixed(3)}` }); }
 * await bar.done();
 */
export function progressBar(options: ProgressBarOptions): ProgressBar {
  const { total } = options;
  if (!Number.isInteger(total) || total < 0) throw new ConfigError(`progressBar: total is ${total}: expected a non-negative integer (the number of items).`);
  const targetOption = options.target ?? 'auto';
  if (!TARGETS.includes(targetOption)) throw new ConfigError(unknownKeywordMessage('progressBar', 'target', targetOption, TARGETS));
  const now = options.now ?? Date.now;
  const stream = options.stream ?? process.stderr;
  const width = options.width ?? 24;
  const enabled = options.enabled ?? process.env.FEEDBACKLAB_PROGRESS !== '0';
  const target = resolveTarget(targetOption, stream);
  const minInterval = options.minIntervalMs ?? (target === 'lines' ? 2000 : 150);
  const start = now();
  const s: ProgressState = { label: options.label ?? '', total, done: 0, running: 0, failed: 0, stopped: 0, elapsedMs: 0 };
  let lastDraw = -Infinity;
  let draws = 0;
  let ended = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Drawn straight into the display sink, synchronously: a bar also moves while synchronous
  // work (an MCMC run, a blocking loop) holds the event loop.
  const displayId = `feedbacklab-progress-${process.pid}-${nextBar++}`;

  const draw = (final: boolean) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    lastDraw = now();
    s.elapsedMs = lastDraw - start;
    draws++;
    if (!enabled) return;
    const frame = { ...s };
    if (target === 'html') {
      try {
        currentSink().display({ 'text/html': progressHtml(frame), 'text/plain': progressText(frame, width) }, draws > 1 ? { displayId, update: true } : { displayId });
      } catch {
        // A failed display must not break the work it reports on.
      }
    } else if (target === 'tty') {
      // A line longer than the terminal wraps, and \r then redraws only its last part.
      const columns = (stream as { columns?: number }).columns;
      const line = progressText(frame, width);
      stream.write(`\r${columns && line.length >= columns ? `${line.slice(0, columns - 2)}…` : line}\x1b[K${final ? '\n' : ''}`);
    } else {
      stream.write(`${progressText(frame, width)}\n`);
    }
  };

  const request = () => {
    const wait = lastDraw + minInterval - now();
    if (wait <= 0) return draw(false);
    // Trailing draw, so the last state shows even when no further update comes.
    if (!timer) {
      timer = setTimeout(() => draw(false), wait);
      timer.unref?.();
    }
  };

  const apply = (extra: ProgressExtra | undefined) => {
    if (!extra) return;
    for (const key of ['running', 'failed', 'stopped'] as const) {
      const v = extra[key];
      if (v !== undefined) s[key] = v;
    }
    if (extra.message !== undefined) s.message = extra.message;
  };

  draw(false); // the first frame at once: the bar at 0, so the user sees work has started
  return {
    update(done, extra) {
      if (ended) return;
      s.done = done;
      apply(extra);
      request();
    },
    tick(n = 1, extra) {
      if (ended) return;
      s.done += n;
      apply(extra);
      request();
    },
    async done(extra) {
      if (ended) return;
      apply(extra);
      s.running = 0;
      draw(true);
      ended = true;
    },
    state: () => ({ ...s, elapsedMs: now() - start }),
    get draws() {
      return draws;
    },
  };
}
