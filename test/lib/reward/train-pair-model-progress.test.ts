import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { capturedDisplays } from '../display/captured-displays';
import { rewardModel } from '../../../lib/reward/pair-model';
import { simulatePreferences } from '../../../lib/reward/simulate-preferences';
import { trainPairModel } from '../../../lib/reward/train-pair-model';

describe('trainPairModel progress bar', () => {
  const sink = capturedDisplays();
  const shown = sink.shown;
  beforeAll(async () => {
    await selectBackend();
  });
  afterEach(() => sink.uninstall());

  it('in the kernel, advances per epoch and counts the epochs early stopping skipped as stopped', async () => {
    sink.install();
    const data = simulatePreferences({ items: 200, pairs: 400, dim: 6, reward: 'linear', annotators: [{ name: 'a', beta: 4 }], seed: 2 });
    // patience 1 with a tiny learning rate on noisy labels: it stops well before 40 epochs.
    const history = await trainPairModel(rewardModel(6, { hidden: [8], seed: 1 }), data.features, data.pairs, { epochs: 40, patience: 1, learningRate: 0.05, seed: 3 });
    const ran = history.numRows();
    expect(ran).toBeLessThan(40);
    const last = String(shown.at(-1)!.bundle['text/html']);
    expect(last).toContain(`${ran}/40 done · ${40 - ran} stopped`);
    expect(last).toContain('stopped early');
  });

  it('draws nothing with progress: false', async () => {
    sink.install();
    const data = simulatePreferences({ items: 50, pairs: 100, dim: 6, reward: 'linear', annotators: [{ name: 'a', beta: 4 }], seed: 2 });
    await trainPairModel(rewardModel(6, { hidden: [8], seed: 1 }), data.features, data.pairs, { epochs: 2, progress: false });
    expect(shown).toEqual([]);
  });
});
