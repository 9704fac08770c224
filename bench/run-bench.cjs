#!/usr/bin/env node
// `npm run bench [-- --quick]`: the training, kernel, sweep and continual-loop benches. npm appends the
// arguments to the script's last command, so this runner hands them out: --quick means fewer
// rounds for both (the kernel bench takes --rounds, not --quick).
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== '--quick');
if (unknown.length) {
  console.error(`bench: unknown argument(s) ${unknown.join(' ')}: expected nothing or --quick.`);
  process.exit(2);
}
const quick = args.includes('--quick');
const run = (cmd, argv) => {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, [join(root, 'dist', 'bench', 'training-bench.js'), ...(quick ? ['--quick'] : [])]);
run('/usr/bin/python3', [join(root, 'bench', 'kernel_bench.py'), ...(quick ? ['--rounds', '1'] : [])]);
run(process.execPath, [join(root, 'dist', 'bench', 'sweep-bench.js'), ...(quick ? ['--quick'] : [])]);
run(process.execPath, [join(root, 'dist', 'bench', 'continual-bench.js'), ...(quick ? ['--rounds', '1', '--iterations', '100'] : [])]);
