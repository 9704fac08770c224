#!/usr/bin/env node
// Builds an optional native addon with node-gyp: by default the OpenBLAS matmul kernels (this
// folder); `build-addon.js DIR` builds the one in DIR (the kernel's heap guard and cell interrupt). Never fails the
// install: without a compiler, Node's headers or OpenBLAS, it says what is missing and what runs
// without the addon.
'use strict';
const { spawnSync, execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const here = process.argv[2] ? resolve(process.argv[2]) : __dirname;
const ADDONS = {
  feedbacklab_blas: { what: 'the OpenBLAS matmul kernels', without: 'wasm runs without them', built: 'for the wasm backend', needs: 'g++, make and OpenBLAS headers (Debian: apt-get install g++ make libopenblas-dev)' },
  feedbacklab_kernel: { what: "the kernel's native guards", without: 'a cell that runs out of memory then ends the kernel without a report, and cells are interrupted by a signal, slower', built: '(out-of-memory cells are reported, cells interrupted without a signal)', needs: 'g++ and make (Debian: apt-get install g++ make)' },
};
const target = /"target_name":\s*"(\w+)"/.exec(require('node:fs').readFileSync(join(here, 'binding.gyp'), 'utf8'))[1];
const addon = ADDONS[target];
function findNodeGyp() {
  try {
    const bundled = join(execSync('npm root -g', { encoding: 'utf8' }).trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    if (existsSync(bundled)) return bundled;
  } catch {}
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {}
  return undefined;
}
const gyp = findNodeGyp();
if (!gyp) {
  console.log(`feedbacklab: node-gyp not found; ${addon.what} not built (${addon.without}).`);
  process.exit(0);
}
const args = [gyp, 'rebuild'];
// Build against the headers of the running Node when they are installed (no download needed).
if (existsSync(join(process.execPath, '..', '..', 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${join(process.execPath, '..', '..')}`);
const r = spawnSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status === 0) {
  console.log(`feedbacklab: built ${addon.what} ${addon.built}.`);
} else {
  const why = (r.stderr || '').split('\n').filter((l) => /error|not found|No such file/i.test(l)).slice(0, 3).join('\n  ');
  console.log(`feedbacklab: ${addon.what} not built (${addon.without}). They need ${addon.needs}.\n  ${why}`);
}
