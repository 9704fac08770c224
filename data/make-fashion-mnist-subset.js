#!/usr/bin/env node
// Makes data/fashion-mnist-subset/: the first N training and M test images of each class of
// Fashion-MNIST, in file order, from Debian's dataset-fashion-mnist package, as gzip'd IDX files.
// Usage: npm run build && node data/make-fashion-mnist-subset.js [N=300] [M=100]
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { loadFashionMnist } = require('../dist/lib/data/fashion-mnist');
const { encodeIdx } = require('../dist/lib/data/idx');

const perClass = { train: Number(process.argv[2] ?? 300), test: Number(process.argv[3] ?? 100) };
const out = join(__dirname, 'fashion-mnist-subset');
mkdirSync(out, { recursive: true });
for (const split of ['train', 'test']) {
  const d = loadFashionMnist(split);
  const taken = new Array(10).fill(0);
  const keep = [];
  for (let i = 0; i < d.count; i++) {
    if (taken[d.labels[i]] < perClass[split]) {
      taken[d.labels[i]]++;
      keep.push(i);
    }
  }
  const px = d.height * d.width;
  const images = new Uint8Array(keep.length * px);
  keep.forEach((i, k) => images.set(d.images.subarray(i * px, (i + 1) * px), k * px));
  const labels = Uint8Array.from(keep, (i) => d.labels[i]);
  const prefix = split === 'train' ? 'train' : 't10k';
  // mtime 0 keeps the gzip bytes identical from run to run
  writeFileSync(join(out, `${prefix}-images-idx3-ubyte.gz`), gzipSync(encodeIdx([keep.length, d.height, d.width], images), { level: 9 }));
  writeFileSync(join(out, `${prefix}-labels-idx1-ubyte.gz`), gzipSync(encodeIdx([keep.length], labels), { level: 9 }));
  console.log(`${split}: ${keep.length} images (${perClass[split]} per class) -> ${out}`);
}
