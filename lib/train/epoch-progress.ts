import { hasInstalledSink } from '../display/display-sink';
import { progressBar } from '../display/progress-bar';

/** A progress bar over a training loop's epochs or steps (what `fit`, `trainPairModel` and `trainContinual` show). */
export interface EpochProgress {
  /** Epoch (or step) `n` is done; `message` is shown after the counts (e.g. the loss). */
  epoch(n: number, message: string): void;
  /** Draws the final state: what is left is counted as stopped (early stopping, or `error`). */
  end(error?: unknown): Promise<void>;
}

const OFF: EpochProgress = { epoch: () => undefined, end: async () => undefined };

/**
 * A bar over `epochs` (or steps), drawn when `enabled` (default: inside the kernel, i.e. in a notebook).
 * @param label - the loop's name, e.g. "fit".
 */
export function epochProgress(label: string, epochs: number, enabled: boolean = hasInstalledSink()): EpochProgress {
  if (!enabled || !Number.isInteger(epochs) || epochs < 1) return OFF;
  const bar = progressBar({ total: epochs, label });
  return {
    epoch: (n, message) => bar.update(n, { running: n < epochs ? 1 : 0, message }),
    end: async (error) => {
      const left = epochs - bar.state().done;
      if (error !== undefined) await bar.done({ running: 0, stopped: left, message: `stopped: ${(error as Error).name ?? String(error)}` });
      else await bar.done(left > 0 ? { running: 0, stopped: left, message: `${bar.state().message} · stopped early` } : { running: 0 });
    },
  };
}
