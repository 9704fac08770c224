import { progressBar, type ProgressBar } from '../display/progress-bar';

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

/** The general bar's counts for a sweep: `done` there counts successes; failed and stopped apart. */
export function barExtra(p: SweepProgress): { done: number; running: number; failed: number; stopped: number; message?: string } {
  return { done: p.done - p.failed - p.stopped, running: p.running, failed: p.failed, stopped: p.stopped, message: p.skipped ? `${p.skipped} from records` : undefined };
}

/** The default view: the general progress bar (an HTML bar in a notebook, text on stderr elsewhere). */
export function defaultProgressView(): ProgressView {
  let bar: ProgressBar | undefined;
  const draw = (p: SweepProgress) => {
    bar ??= progressBar({ total: p.total, label: 'sweep' });
    const { done, ...extra } = barExtra(p);
    bar.update(done, extra);
  };
  return {
    update: draw,
    end: (p) => {
      draw(p);
      void bar!.done();
    },
  };
}
