#!/usr/bin/env node
'use strict';
let main;
try {
  ({ main } = require('../../dist/kernel/main.js'));
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /dist[\\/]kernel[\\/]main/.test(e.message)) {
    console.error('feedbacklab: not built yet. Run `npm run build` (npm install does it) in ' + require('path').resolve(__dirname, '..', '..'));
    process.exit(2);
  }
  throw e;
}
main(process.argv.slice(2)).then(
  (code) => { if (code >= 0) process.exitCode = code; },
  (e) => { console.error(e instanceof Error ? e.message : e); process.exit(2); },
);
