import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { spirals } from '../../../lib/data/spirals';
import { capturedDisplays } from '../display/captured-displays';
import { fit } from '../../../lib/train/fit';
import { mlp } from '../../../lib/train/mlp';

describe('fit progress bar', () => {
  const sink = capturedDisplays();
  const shown = sink.shown;
  beforeAll(async () => {
    await selectBackend();
  });
  afterEach(() => sink.uninstall());

  it('in the kernel, shows one HTML bar that ends at all epochs done, with the last loss', async () => {
    sink.install();
    const { x, y } = spirals({ perClass: 20, seed: 3 });
    const seen: number[] = [];
    const history = await fit(mlp({ inputDim: 2, hidden: [8], outputDim: 3, seed: 1 }), x, y, { epochs: 4, seed: 2, onEpochEnd: (_h, logs) => void seen.push(logs.epoch) });
    expect(seen).toEqual([1, 2, 3, 4]); // the caller's callback still runs
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown[0].update).toBeUndefined();
    expect(shown.slice(1).every((s) => s.update)).toBe(true);
    const last = String(shown.at(-1)!.bundle['text/html']);
    expect(last).toContain('4/4 done');
    expect(last).toContain(`loss ${(history.array('loss') as number[])[3].toPrecision(4)}`);
  });

  it('draws nothing with progress: false, and marks the rest stopped when training fails', async () => {
    sink.install();
    const { x, y } = spirals({ perClass: 20, seed: 3 });
    await fit(mlp({ inputDim: 2, outputDim: 3 }), x, y, { epochs: 2, progress: false });
    expect(shown).toEqual([]);
    await expect(fit(mlp({ inputDim: 2, outputDim: 3 }), x, y, { epochs: 3, onEpochEnd: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(String(shown.at(-1)!.bundle['text/html'])).toContain('1/3 done · 2 stopped');
    tf.dispose([x, y]);
  });
});
