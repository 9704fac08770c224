// Preload (node -r) that writes, at exit, every file the process loaded with require: the list
// bench/pack-for-gpu.sh packs so that the bench runs where npm cannot install anything.
const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.FEEDBACKLAB_LOADED_LIST, Object.keys(require.cache).join('\n') + '\n'));
