import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findPython, JUPYTER_MISSING } from './python';

/**
 * Executes every notebook in `dir` with the feedbacklab kernel through nbclient (a real Jupyter
 * client) and writes the executed notebooks, HTML reports and chart PNGs to `out`.
 * @returns the process exit code: 0 when every cell of every notebook ran without error.
 */
export function runNotebooks(dir: string, out: string, only: string[] = []): number {
  const python = findPython(['nbclient', 'nbconvert', 'nbformat']);
  if (!python) {
    process.stderr.write(`feedbacklab run-notebooks: ${JUPYTER_MISSING}\n`);
    return 2;
  }
  if (!existsSync(dir)) {
    process.stderr.write(`feedbacklab run-notebooks: no folder ${dir}\n`);
    return 2;
  }
  const notebooks = readdirSync(dir).filter((f) => f.endsWith('.ipynb') && (only.length === 0 || only.some((o) => f.includes(o)))).sort().map((f) => join(dir, f));
  if (notebooks.length === 0) {
    process.stderr.write(`feedbacklab run-notebooks: no .ipynb files in ${dir}\n`);
    return 2;
  }
  const script = resolve(__dirname, '..', '..', '..', 'kernel', 'cli', 'run_notebooks.py');
  const r = spawnSync(python, [script, '--out', out, ...notebooks], { stdio: 'inherit', env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  return r.status ?? 1;
}
