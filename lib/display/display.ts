import { currentSink } from './display-sink';
import { quiet } from './quiet';
import { toBundle } from './to-bundle';

let nextId = 0;

/** A handle on one output area: update it in place or clear it. */
export interface DisplayHandle {
  /** The Jupyter display id of this output. */
  readonly displayId: string;
  /** Replaces what this output shows with `value`. */
  update(value: unknown): Promise<void>;
}

/**
 * Shows `value` in the notebook as rich output (charts, tables, tensors, anything with the
 * `Symbol.for("Jupyter.display")` method) and returns a handle to update it later.
 * @param value - what to show.
 * @returns a handle whose `update()` re-renders in place (update_display_data).
 * @example
 * const h = await display(table);
 * await h.update(table.filter((d) => d.loss < 1));
 */
export function display(value: unknown, options: { displayId?: string } = {}): Promise<DisplayHandle> {
  const displayId = options.displayId ?? `feedbacklab-${process.pid}-${nextId++}`;
  const shown = (async (): Promise<DisplayHandle> => {
    currentSink().display(await toBundle(value), { displayId });
    return quiet({
      displayId,
      async update(next: unknown) {
        currentSink().display(await toBundle(next), { displayId, update: true });
      },
    });
  })();
  // Neither `display(x)` nor `await display(x)` as a cell's last line echoes the handle.
  return quiet(shown);
}

/**
 * Clears the current cell's output.
 * @param wait - if true, clear only when the next output arrives (avoids flicker).
 * @example
 * clearOutput(true) // clears when the next output arrives
 */
export function clearOutput(wait = false): void {
  currentSink().clearOutput(wait);
}
