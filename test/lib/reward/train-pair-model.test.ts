import * as aq from 'arquero';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../lib/backend/select-backend';
import { DataFormatError, NumericError, ShapeError } from '../../../lib/errors';
import { accuracyVsCoverage, ensembleDisagreement, trainRewardEnsemble } from '../../../lib/reward/ensemble';
import { evaluatePairModel } from '../../../lib/reward/evaluate-rewards';
import { rockPaperScissors } from '../../../lib/reward/intransitive-preferences';
import { pairwisePreferenceModel, rewardModel } from '../../../lib/reward/pair-model';
import { readPreferences } from '../../../lib/reward/preference-files';
import { simulatePreferences } from '../../../lib/reward/simulate-preferences';
import { trainPairModel } from '../../../lib/reward/train-pair-model';

beforeAll(async () => {
  await selectBackend();
});

describe('trainPairModel', () => {
  it('reaches at least 95% of the Bayes-ceiling accuracy on a seeded linear problem', async () => {
    const data = simulatePreferences({ items: 2000, pairs: 6000, dim: 8, reward: 'linear', annotators: [{ name: 'a', beta: 4 }], seed: 11 });
    const train = data.pairs.slice(0, 4000);
    const test = data.pairs.slice(4000);
    const model = rewardModel(8, { hidden: [32], seed: 1 });
    const history = await trainPairModel(model, data.features, train, { epochs: 30, seed: 1 });
    expect(history.columnNames()).toEqual(expect.arrayContaining(['loss', 'accuracy', 'val_loss', 'val_accuracy', 'val_margin', 'mean_reward', 'min_reward', 'max_reward']));
    const { metrics } = await evaluatePairModel(model, data.features, test, data.rStar);
    expect(metrics.accuracy / metrics.bayesAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(metrics.logLoss).toBeGreaterThanOrEqual(metrics.bayesLogLoss - 0.02);
    expect(metrics.orderingAccuracy).toBeGreaterThan(0.9);
  });

  it('rejects mismatched shapes, NaN features and empty data with the problem named', async () => {
    const pairs = aq.table({ a: [0], b: [1], label: [1] });
    await expect(trainPairModel(rewardModel(3), [[1, 2, 3], [1, 2]], pairs)).rejects.toThrow(ShapeError);
    await expect(trainPairModel(rewardModel(3), [[1, 2, 3], [1, 2]], pairs)).rejects.toThrow(/item 1 has 2 features but item 0 has 3/);
    await expect(trainPairModel(rewardModel(2), [[1, NaN], [1, 2]], pairs)).rejects.toThrow(NumericError);
    await expect(trainPairModel(rewardModel(2), [[1, NaN], [1, 2]], pairs)).rejects.toThrow(/feature 1 of item 0 is NaN/);
    await expect(trainPairModel(rewardModel(2), [], pairs)).rejects.toThrow(/features is empty/);
    await expect(trainPairModel(rewardModel(2), [[1, 2], [3, 4]], aq.table({ a: [], b: [], label: [] }))).rejects.toThrow(/there are no pairs/);
    await expect(trainPairModel(rewardModel(2), [[1, 2], [3, 4]], aq.table({ a: [0], b: [1] }))).rejects.toThrow(/no column "label"/);
    await expect(trainPairModel(rewardModel(2), [[1, 2], [3, 4]], aq.table({ a: [0], b: [7], label: [1] }))).rejects.toThrow(/pair 0 has b = 7: expected an item index in 0…1/);
    await expect(trainPairModel(rewardModel(5), [[1, 2], [3, 4]], pairs)).rejects.toThrow(/expects 5 features per item but the items have 2/);
  });
});

describe('trainRewardEnsemble', () => {
  it('disagrees more on pairs whose true rewards are close', async () => {
    const data = simulatePreferences({ items: 1000, pairs: 3500, dim: 8, annotators: [{ name: 'a', beta: 4 }], seed: 5 });
    const { members } = await trainRewardEnsemble(data.features, data.pairs.slice(0, 3000), { members: 4, hidden: [32], epochs: 12, seed: 2 });
    const table = await ensembleDisagreement(members, data.features, data.pairs.slice(3000));
    const rows = table.objects() as { delta: number; disagreement: number }[];
    const mean = (xs: typeof rows) => xs.reduce((s, r) => s + r.disagreement, 0) / xs.length;
    const close = rows.filter((r) => Math.abs(r.delta) < 0.25);
    const far = rows.filter((r) => Math.abs(r.delta) > 1);
    expect(close.length).toBeGreaterThan(20);
    expect(far.length).toBeGreaterThan(20);
    expect(mean(close)).toBeGreaterThan(2 * mean(far));
    const coverage = accuracyVsCoverage(table).objects() as { coverage: number; accuracy: number }[];
    expect(coverage[0].accuracy).toBeGreaterThan(coverage[coverage.length - 1].accuracy);
  });
});

describe('intransitive preferences', () => {
  it('keep Bradley-Terry at chance while a pairwise model reaches the true rate', async () => {
    const rps = rockPaperScissors({ perType: 50, pairs: 3000, seed: 3 });
    const train = rps.pairs.slice(0, 2500);
    const test = rps.pairs.slice(2500);
    const bt = rewardModel(5, { hidden: [32], seed: 1 });
    await trainPairModel(bt, rps.features, train, { epochs: 15, seed: 1 });
    const pw = pairwisePreferenceModel(5, { hidden: [32], seed: 1 });
    await trainPairModel(pw, rps.features, train, { epochs: 15, seed: 1 });
    const btm = (await evaluatePairModel(bt, rps.features, test)).metrics;
    const pwm = (await evaluatePairModel(pw, rps.features, test)).metrics;
    expect(Math.abs(btm.accuracy - 0.5)).toBeLessThan(0.06);
    expect(pwm.accuracy).toBeGreaterThan(0.95 * pwm.bayesAccuracy);
  });
});

describe('readPreferences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefs-'));
  it('reads CSV and JSON and names a missing column or a bad label', async () => {
    writeFileSync(join(dir, 'ok.csv'), 'a,b,label\n0,1,1\n2,1,0\n');
    expect((await readPreferences(join(dir, 'ok.csv'))).numRows()).toBe(2);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify([{ a: 0, b: 1, label: 0 }]));
    expect((await readPreferences(join(dir, 'ok.json'))).numRows()).toBe(1);
    writeFileSync(join(dir, 'nolabel.csv'), 'a,b,winner\n0,1,a\n');
    await expect(readPreferences(join(dir, 'nolabel.csv'))).rejects.toThrow(DataFormatError);
    await expect(readPreferences(join(dir, 'nolabel.csv'))).rejects.toThrow(/missing column "label": the file has "a", "b", "winner"/);
    writeFileSync(join(dir, 'badlabel.csv'), 'a,b,label\n0,1,2\n');
    await expect(readPreferences(join(dir, 'badlabel.csv'))).rejects.toThrow(/row 1 has label 2: expected 0 or 1/);
    writeFileSync(join(dir, 'broken.json'), '[{"a": 0,');
    await expect(readPreferences(join(dir, 'broken.json'))).rejects.toThrow(/does not parse as JSON/);
  });
});
