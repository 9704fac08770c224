import { describe, expect, it } from 'vitest';
import { reliability } from '../../../lib/reward/evaluate-rewards';

describe('reliability', () => {
  it('closes the last bin at p = 1 (numpy.histogram), unlike torchmetrics, as its TSDoc says', () => {
    // p = 1 shares the top bin with 0.95: |0.975 − 0.5| = 0.475 (torchmetrics: 0.525)
    const top = reliability([0.95, 1.0], [1, 0], 10);
    expect(top.ece).toBeCloseTo(0.475, 12);
    expect(top.rows.objects()).toEqual([{ bin: 9, predicted: 0.975, observed: 0.5, pairs: 2 }]);
    // below 1 the bins are half-open [k/10, (k+1)/10)
    expect(reliability([0.25, 0.3], [0, 1], 10).rows.objects().map((r) => (r as { bin: number }).bin)).toEqual([2, 3]);
  });
});
