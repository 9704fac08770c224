import { spawnSync } from 'node:child_process';

/** What to tell a user whose machine lacks Jupyter. */
export const JUPYTER_MISSING = `Jupyter was not found. Install it:
  Debian/Ubuntu: sudo apt-get install jupyter-client python3-nbclient jupyter-nbconvert
  elsewhere:     pip install jupyter`;

/**
 * The first Python that can import `modules` (Debian's /usr/bin/python3 first: another python3
 * may come first on PATH without Jupyter), or undefined.
 */
export function findPython(modules: string[]): string | undefined {
  for (const candidate of ['/usr/bin/python3', 'python3', 'python']) {
    const r = spawnSync(candidate, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' });
    if (r.status === 0) return candidate;
  }
  return undefined;
}
