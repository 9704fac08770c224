// The trial notebook 02 sweeps: one of the library's strategies on one seed, at the settings the
// notebook passes in the config. Workers load this file themselves, so it imports what it needs.
import { joint, loadFashionMnist, lwf, onlineEwc, replay, splitByClass, trainContinual, viewBatch, type Strategy, type StrategyPlugin, type TaskStream } from 'feedbacklab';

/** One run's settings; every field is a column of the sweep's tables and part of its record's key. */
export interface ContinualTrialConfig {
  strategy: 'finetune' | 'replay' | 'joint' | 'ewc' | 'lwf' | 'view-batch + replay';
  seed: number;
  iterationsPerTask: number;
  batchSize: number;
  evalEvery: number;
  denseAfterSwitch: number;
  testPerTask: number;
  newDataWeight: number;
}

// Loaded once per worker thread.
const streams = new Map<number, TaskStream>();

function strategyOf(c: ContinualTrialConfig): Strategy | StrategyPlugin | StrategyPlugin[] {
  switch (c.strategy) {
    case 'finetune':
      return { kind: 'finetune' };
    case 'replay':
      return replay({ memorySize: 2000, newDataWeight: c.newDataWeight });
    case 'joint':
      return joint();
    case 'ewc':
      return onlineEwc({ lambda: 100 });
    case 'lwf':
      return lwf({ alpha: 1, temperature: 2 });
    case 'view-batch + replay':
      return [viewBatch({ views: 4 }), replay({ memorySize: 2000, newDataWeight: c.newDataWeight })];
  }
}

/** Trains one strategy with continual evaluation; returns the final average accuracy and every evaluation. */
export async function trial(c: ContinualTrialConfig) {
  let stream = streams.get(c.testPerTask);
  if (!stream) streams.set(c.testPerTask, (stream = splitByClass(loadFashionMnist('train'), loadFashionMnist('test'), { classesPerTask: 2, testPerTask: c.testPerTask, seed: 0 })));
  const run = await trainContinual(stream, {
    strategy: strategyOf(c), seed: c.seed, scenario: 'class', hidden: [400, 400], learningRate: 0.01, momentum: 0.9,
    iterationsPerTask: c.iterationsPerTask, batchSize: c.batchSize, evalEvery: c.evalEvery, denseAfterSwitch: c.denseAfterSwitch, progress: false,
  });
  const last = run.boundaries.at(-1);
  const final = run.evaluations.objects().filter((r: any) => r.iteration === last) as { accuracy: number }[];
  return { acc: final.reduce((s, r) => s + r.accuracy, 0) / final.length, seconds_training: run.seconds, evaluations: run.evaluations };
}
