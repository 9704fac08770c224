#!/usr/bin/env node
// Builds the optional OpenBLAS matmul addon with node-gyp. Never fails the install: without a
// compiler, Node's headers or OpenBLAS, it says what is missing and the library uses plain wasm.
'use strict';
const { spawnSync, execSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const here = __dirname;
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
  console.log('feedbacklab: node-gyp not found; the OpenBLAS matmul kernels are not built (wasm runs without them).');
  process.exit(0);
}
const args = [gyp, 'rebuild'];
// Build against the headers of the running Node when they are installed (no download needed).
if (existsSync(join(process.execPath, '..', '..', 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${join(process.execPath, '..', '..')}`);
const r = spawnSync(process.execPath, args, { cwd: here, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (r.status === 0) {
  console.log('feedbacklab: built the OpenBLAS matmul kernels for the wasm backend.');
} else {
  const why = (r.stderr || '').split('\n').filter((l) => /error|not found|No such file/i.test(l)).slice(0, 3).join('\n  ');
  console.log(`feedbacklab: the OpenBLAS matmul kernels were not built (wasm runs without them). They need g++, make and OpenBLAS headers (Debian: apt-get install g++ make libopenblas-dev).\n  ${why}`);
}
