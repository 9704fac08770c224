import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder of feedbacklab's package.json, from the source tree or from dist/ alike. */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'feedbacklab') return (root = dir);
  }
  throw new Error(`feedbacklab: cannot find its package.json above ${__dirname}`);
}
