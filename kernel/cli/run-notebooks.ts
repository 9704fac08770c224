import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { progressBar, type ProgressBar } from '../../lib/display/progress-bar';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findPython, JUPYTER_MISSING } from './python';

interface CellEvent {
  notebook: string;
  done: number;
  total: number;
  failed: boolean;
}

// One bar per notebook, advanced by the runner's per-cell events (a JSON line each on fd 3).
async function drawProgress(events: Readable): Promise<void> {
  let bar: ProgressBar | undefined;
  let current = '';
  for await (const line of createInterface({ input: events })) {
    const e = JSON.parse(line) as CellEvent;
    if (e.notebook !== current) {
      await bar?.done();
      current = e.notebook;
      bar = progressBar({ total: e.total, label: e.notebook });
    }
    const failed = bar!.state().failed + (e.failed ? 1 : 0);
    bar!.update(e.done - failed, { failed, message: 'cells' });
  }
  await bar?.done();
}

/**
 * Executes every notebook in `dir` with the feedbacklab kernel through nbclient (a real Jupyter
 * client) and writes the executed notebooks, HTML reports and chart PNGs to `out`, with a
 * progress bar over each notebook's cells on stderr.
 * @returns the process exit code: 0 when every cell of every notebook ran without error.
 */
export async function runNotebooks(dir: string, out: string, only: string[] = []): Promise<number> {
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
  const child = spawn(python, [script, '--out', out, '--progress-fd', '3', ...notebooks], { stdio: ['inherit', 'inherit', 'inherit', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const drawn = drawProgress(child.stdio[3] as Readable);
  const code = await new Promise<number>((done) => child.on('close', (status) => done(status ?? 1)));
  await drawn;
  return code;
}
