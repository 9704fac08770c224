#!/usr/bin/env node
// Makes data/continual-evals-example.csv: continual evaluations of fine-tuning and replay on Split
// Fashion-MNIST from the shipped subset (5 tasks of 2 classes, MLP 64, 60 iterations per task,
// evaluation every 3 iterations and every iteration for 6 after a switch), seeds 0 and 1, as a
// PyTorch or Avalanche log would hold them: an example input for `feedbacklab report`.
// Usage: npm run build && node data/make-continual-evals-example.js
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { selectBackend } = require('../dist/lib/backend/select-backend');
const { splitByClass, trainContinual } = require('../dist/lib/continual/index');
const { FASHION_MNIST_SUBSET, loadFashionMnist } = require('../dist/lib/data/fashion-mnist');

(async () => {
  await selectBackend();
  const stream = splitByClass(loadFashionMnist('train', FASHION_MNIST_SUBSET), loadFashionMnist('test', FASHION_MNIST_SUBSET), { classesPerTask: 2, testPerTask: 100 });
  const lines = ['iteration,training_task,task,accuracy,seed,strategy'];
  for (const strategy of [{ kind: 'finetune' }, { kind: 'replay', memorySize: 500 }]) {
    for (const seed of [0, 1]) {
      const run = await trainContinual(stream, { strategy, hidden: [64], iterationsPerTask: 60, batchSize: 32, evalEvery: 3, denseAfterSwitch: 6, seed });
      for (const r of run.evaluations.objects()) lines.push([r.iteration, r.training_task, r.task, r.accuracy.toFixed(4), seed, r.strategy].join(','));
    }
  }
  writeFileSync(join(__dirname, 'continual-evals-example.csv'), lines.join('\n') + '\n');
  console.log(`wrote ${lines.length - 1} evaluations`);
})();
